// In a PCI-scoped stack every log group is encrypted with a customer key (PCI DSS 3.4, 10.5):
// the plain generated LogGroup is refused; `EncryptedLogGroup` is the way in.
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{Pci, Stack};

fn main() {
    let mut stack = Stack::<Pci>::new();
    stack.add("AppLogs", LogGroup::new().retention_in_days(365));
}
