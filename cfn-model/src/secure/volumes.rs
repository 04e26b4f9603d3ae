//! EBS volumes of instances Auto Scaling launches, encrypted with a customer key.
//!
//! Auto Scaling creates the volumes through its service-linked role
//! `AWSServiceRoleForAutoScaling`, whose own policy is AWS's and grants nothing on customer keys:
//! the key's policy must name it ([`AutoScalingGrant`]), or every instance fails to launch
//! (`Client.InternalError`).
//!
//! See <https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html>.

use crate::proof::grants::{AutoScalingGrant, HasGrant};
use crate::proof::key::KeyArn;
use crate::resources::ec2::launch_template::Ebs;

impl Ebs {
    /// An encrypted volume for a launch template that Auto Scaling uses: `Encrypted` and
    /// `KmsKeyId` set to `key`, whose policy's type must hold [`AutoScalingGrant`]. Set size and
    /// type with the other setters.
    pub fn encrypted_for_auto_scaling<G: HasGrant<AutoScalingGrant>>(key: KeyArn<G>) -> Self {
        Ebs::new().encrypted(true).kms_key_id(key)
    }
}
