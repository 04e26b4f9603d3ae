// A budget alerting through an encrypted topic whose key does not let AWS Budgets in: the alerts
// would be dropped. The topic's `budget_subscriber` requires `BudgetsToTopics` in the key's type.
use typed_cfn::Template;
use typed_cfn::secure::{CloudWatchToTopics, EncryptedTopic, KeyPolicy, KmsKey};

fn main() {
    let mut t = Template::new();
    let key = t.add("AlertsKey", KmsKey::new(KeyPolicy::account_root().grant(CloudWatchToTopics)));
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    let _address = topic.budget_subscriber();
}
