// A composite alarm publishing to an encrypted topic whose key does not let CloudWatch in: its
// notifications would be dropped without an error, as a metric alarm's would. The topic's
// `alarm_action` requires the grant, whichever kind of alarm takes it.
use typed_cfn::Template;
use typed_cfn::resources::cloudwatch::CompositeAlarm;
use typed_cfn::secure::{EncryptedTopic, EventBridgeToTopics, KeyPolicy, KmsKey};

fn main() {
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(EventBridgeToTopics)));
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    t.add("ServiceDown", CompositeAlarm::new("ALARM(ErrorsAlarm)").alarm_actions(vec![topic.alarm_action()]));
}
