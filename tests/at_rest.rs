//! In a compliance-scoped stack, data stores that enter as their generated types (queues,
//! topics, DynamoDB tables, EBS volumes, …) must name a customer managed key; one that does not
//! is refused when the template is emitted, with the property and the setter to use.

use typed_cfn::resources::{dynamodb, ec2, sns, sqs};
use typed_cfn::secure::{Hipaa, KeyPolicy, KmsKey, Pci, Stack};

#[test]
fn data_stores_in_a_scoped_stack_name_a_customer_key() {
    let mut stack = Stack::<Pci>::new();
    let key = stack.add("DataKey", KmsKey::new(KeyPolicy::account_root()));
    stack.add("Encrypted", sqs::Queue::new().kms_master_key_id(key.arn()));
    stack.add("ManagedSse", sqs::Queue::new().sqs_managed_sse_enabled(true));
    stack.add(
        "AwsManagedKey",
        sns::Topic::new().kms_master_key_id(typed_cfn::refs::Attr::<
            typed_cfn::refs::target::kms::Alias,
            typed_cfn::refs::kind::AliasName,
        >::external("alias/aws/sns")),
    );
    stack.add(
        "Orders",
        dynamodb::Table::new([dynamodb::table::KeySchema::new("OrderId", "HASH")])
            .attribute_definitions([dynamodb::table::AttributeDefinition::new(
                "OrderId",
                dynamodb::table::AttributeType::S,
            )])
            .sse_specification(dynamodb::table::SSESpecification::new(true)),
    );
    let error = stack.template().to_json().unwrap_err().to_string();
    assert!(!error.contains("Resources.Encrypted"), "{error}");
    assert!(
        error.contains(
            "Resources.ManagedSse: in a PCI DSS-scoped stack AWS::SQS::Queue must be encrypted at rest with a customer managed key: `KmsMasterKeyId` must be a customer managed key (not `alias/aws/…`). Set `Queue::kms_master_key_id(key.arn())` with a `KmsKey` of the stack"
        ),
        "{error}"
    );
    assert!(error.contains("Resources.AwsManagedKey: in a PCI DSS-scoped stack AWS::SNS::Topic"), "{error}");
    assert!(
        error.contains("Resources.Orders: in a PCI DSS-scoped stack AWS::DynamoDB::Table must be encrypted at rest with a customer managed key: `SSESpecification.SSEType` must be `KMS`, `SSESpecification.KMSMasterKeyId` must be a customer managed key"),
        "{error}"
    );
}

#[test]
fn a_plain_template_has_no_such_rule() {
    let mut t = typed_cfn::Template::new();
    t.add("ManagedSse", sqs::Queue::new().sqs_managed_sse_enabled(true));
    assert!(t.to_json().is_ok());
}

#[test]
fn an_encrypted_volume_with_a_customer_key_is_admitted() {
    let mut stack = Stack::<Hipaa>::new();
    let key = stack.add("DataKey", KmsKey::new(KeyPolicy::account_root()));
    stack.add(
        "Volume",
        ec2::Volume::new().availability_zone("us-east-1a").size(20).encrypted(true).kms_key_id(key.arn()),
    );
    assert!(stack.template().to_json().is_ok());
    stack.add("Unencrypted", ec2::Volume::new().availability_zone("us-east-1a").size(20));
    let error = stack.template().to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Unencrypted: in a HIPAA-scoped stack AWS::EC2::Volume must be encrypted at rest with a customer managed key: `Encrypted` must be `true`, `KmsKeyId` must be a customer managed key"), "{error}");
}
