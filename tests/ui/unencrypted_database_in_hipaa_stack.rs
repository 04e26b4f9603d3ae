// In a HIPAA-scoped stack every database stores data encrypted with a customer key (45 CFR
// 164.312(a)(2)(iv)): the plain generated DBCluster, which may leave StorageEncrypted off, is
// refused; `EncryptedDbCluster` is the way in.
use typed_cfn::resources::rds::DBCluster;
use typed_cfn::secure::{Hipaa, Stack};

fn main() {
    let mut stack = Stack::<Hipaa>::new();
    stack.add("Records", DBCluster::new().engine("aurora-postgresql").storage_encrypted(false));
}
