// An encrypted queue subscribed to a topic, with a key that does not let SNS in: every message
// the topic sends would be dropped. `subscribe_to` requires the grant.
use typed_cfn::Template;
use typed_cfn::secure::{EncryptedQueue, EncryptedTopic, KeyPolicy, KmsKey, S3ToTopics};

fn main() {
    let mut t = Template::new();
    let topic_key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(S3ToTopics)));
    let queue_key = t.add("QueueKey", KmsKey::new(KeyPolicy::account_root().grant_lambda()));
    let topic = t.build("Alerts", EncryptedTopic::new(topic_key.arn()));
    t.build("Work", EncryptedQueue::new(queue_key.arn()).subscribe_to(&topic));
}
