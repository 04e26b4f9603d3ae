// An alarm publishing to an encrypted topic whose key does not let CloudWatch in: the alarm's
// notifications would be dropped without an error. The topic's `alarm_action` requires the grant.
use typed_cfn::Template;
use typed_cfn::resources::cloudwatch::Alarm;
use typed_cfn::secure::{EncryptedTopic, EventBridgeToTopics, KeyPolicy, KmsKey};

fn main() {
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(EventBridgeToTopics)));
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    t.add("ErrorsAlarm", Alarm::new().alarm_actions(vec![topic.alarm_action()]));
}
