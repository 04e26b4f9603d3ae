// A trail notifying an encrypted topic whose key does not let CloudTrail in: the notifications
// would be dropped. `AuditTrail::notify` requires the topic's key to hold `CloudTrailToTopics`.
use typed_cfn::Template;
use typed_cfn::secure::{AuditTrail, CloudTrailGrant, CloudWatchToTopics, EncryptedTopic, KeyPolicy, KmsKey, TrailBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("TrailKey", KmsKey::new(KeyPolicy::account_root().grant(CloudTrailGrant).grant_s3()));
    let topic_key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(CloudWatchToTopics)));
    let topic = t.build("LogFiles", EncryptedTopic::new(topic_key.arn()));
    let bucket = t.build("TrailLogs", TrailBucket::new(key.arn()));
    t.build("AccountTrail", AuditTrail::new(&bucket, key.arn()).notify(&topic));
}
