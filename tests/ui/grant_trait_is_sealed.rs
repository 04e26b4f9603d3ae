// A user type cannot claim a grant: `HasGrant` is sealed, so the only grant sets are the ones
// `KeyPolicy` methods build.
use typed_cfn::secure::{HasGrant, LogsGrant};

struct PretendsToGrantLogs;

impl HasGrant<LogsGrant> for PretendsToGrantLogs {}

fn main() {}
