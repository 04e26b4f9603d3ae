// CloudFront writes standard logs through the bucket's ACL; an access-log bucket built for server
// access logs has ACLs disabled, and the distribution would fail to deploy. Only a bucket built
// `for_cloudfront()` gives the logging domain name.
use typed_cfn::Template;
use typed_cfn::secure::AccessLogBucket;

fn main() {
    let mut t = Template::new();
    let logs = t.build("CdnLogs", AccessLogBucket::new(365));
    let _bucket = logs.cloudfront_logging();
}
