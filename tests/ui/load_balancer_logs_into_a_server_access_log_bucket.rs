// A plain `AccessLogBucket` lets only S3's logging service write: a load balancer logging into it
// is turned down when logging is enabled. `access_logs` takes only a bucket built
// `for_load_balancers`.
use typed_cfn::resources::elasticloadbalancingv2::LoadBalancer;
use typed_cfn::secure::AccessLogBucket;
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365));
    let balancer = LoadBalancer::new().subnets(vec!["subnet-0123456789abcdef0".to_owned(), "subnet-0fedcba9876543210".to_owned()]);
    t.build("Balancer", balancer.access_logs(&logs));
}
