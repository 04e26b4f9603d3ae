// A plain `AccessLogBucket` lets only S3's logging service write: a load balancer logging into it
// is turned down when logging is enabled. `access_logs` takes only a bucket built
// `for_load_balancers`.
use typed_cfn::resources::elasticloadbalancingv2::LoadBalancer;
use typed_cfn::secure::AccessLogBucket;
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365));
    let balancer = LoadBalancer::new().subnets(vec![
    typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external("subnet-0123456789abcdef0"),
    typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external("subnet-0fedcba9876543210"),
]);
    t.build("Balancer", balancer.access_logs(&logs));
}
