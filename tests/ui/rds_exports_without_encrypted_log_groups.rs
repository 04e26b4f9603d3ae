// The HIPAA stack's mistake: with EnableCloudwatchLogsExports alone, RDS creates its log groups itself,
// unencrypted and kept forever. The exports must come from `RdsLogGroups`.
use typed_cfn::resources::rds::DBCluster;

fn main() {
    let _cluster = DBCluster::new().enable_cloudwatch_logs_exports(vec!["audit", "error"]);
}
