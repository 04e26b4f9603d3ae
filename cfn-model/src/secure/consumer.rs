//! A Lambda function reading an [`EncryptedQueue`](crate::secure::EncryptedQueue): the event
//! source mapping, and the role's permissions written with it.
//!
//! Lambda polls the queue with the function's execution role: the role needs
//! `sqs:ReceiveMessage`, `sqs:DeleteMessage` and `sqs:GetQueueAttributes` on the queue, and, the
//! queue being encrypted with a customer key, `kms:Decrypt` with that key (SQS decrypts each
//! message in the caller's name). Without the decrypt permission the mapping is created and no
//! message is ever read.
//!
//! See <https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html> and
//! <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>.

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{Operator, Statement};
use crate::proof::role::LambdaService;
use crate::resources::lambda::{EventSourceMapping, Function};
use crate::secure::messaging::QueueHandles;
use crate::secure::service_role::{ServiceRole, attach_policy};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

/// The actions Lambda's poller calls on an SQS queue with the function's role.
pub const QUEUE_CONSUMER_ACTIONS: [&str; 4] =
    ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"];

/// A function consuming an encrypted queue, built by [`QueueHandles::consumer`]. Added with
/// `template.build(…)`: adds the `AWS::IAM::Policy` `<logical_id>Policy` attached to the
/// function's role (the queue actions on the queue, `kms:Decrypt` with the queue's key only
/// through SQS in this Region) and the `AWS::Lambda::EventSourceMapping` `<logical_id>`, created
/// after that policy.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueConsumer {
    inner: EventSourceMapping,
    queue: Node,
    key: Node,
    function: String,
    role: Handle<ServiceRole<LambdaService>>,
}

impl<G> QueueHandles<G> {
    /// Lets `function`, whose execution role is `role`, read the queue: the event source
    /// mapping, and the role's policy for it (see [`QueueConsumer`]). The role's type must say
    /// Lambda may assume it ([`FunctionRole`]).
    pub fn consumer<R: FunctionRole>(&self, function: &Handle<Function>, role: &Handle<R>) -> QueueConsumer {
        QueueConsumer {
            inner: EventSourceMapping::new(function.reference()).event_source_arn(self.arn()),
            queue: Value::<String>::from(self.arn()).into_node(),
            key: self.key_node(),
            function: function.logical_id().to_owned(),
            role: crate::__private::handle(role.logical_id()),
        }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A role a Lambda function runs as: only a [`ServiceRole<LambdaService>`]. Sealed.
#[diagnostic::on_unimplemented(
    message = "a queue consumer's policy is attached to the function's execution role, which Lambda assumes, and `{Self}` is not a role Lambda may assume",
    label = "not a role built for Lambda",
    note = "pass the function's own role, built with `ServiceRole::new(LambdaService)`"
)]
pub trait FunctionRole: sealed::Sealed + crate::handle::HasAttributes {}

impl sealed::Sealed for ServiceRole<LambdaService> {}
impl FunctionRole for ServiceRole<LambdaService> {}

impl QueueConsumer {
    /// Sets any other property through the generated type (batch size, batching window, scaling).
    /// The function and the queue stay as built.
    pub fn configure(self, f: impl FnOnce(EventSourceMapping) -> EventSourceMapping) -> Self {
        QueueConsumer { inner: f(self.inner), ..self }
    }
}

/// Why a consumer keeps its queue.
const CONSUMER_PIN: &str = "the consumer was built for this queue and function, and its role's policy for them; build another with `queue.consumer(&function, &role)`";

impl Construct for QueueConsumer {
    type Output = Handle<EventSourceMapping>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> Handle<EventSourceMapping> {
        let read = Statement::allow(QUEUE_CONSUMER_ACTIONS.map(crate::__private::action))
            .sid("ReadQueue")
            .resource(Value::<String>::from_node(self.queue.clone()));
        let decrypt = Statement::allow([crate::__private::action("kms:Decrypt")])
            .sid("DecryptMessages")
            .resource(Value::<String>::from_node(self.key))
            .condition(
                Operator::StringEquals,
                "kms:ViaService",
                sub_checked("sqs.${AWS::Region}.amazonaws.com", Vec::new()),
            );
        let policy = attach_policy(template, &format!("{logical_id}Policy"), &self.role, vec![read, decrypt]);
        let mut properties: Properties = self.inner.into_properties();
        // The role given must be the function's: the policy is attached to it.
        let function_role = template.resources().get(&self.function).and_then(|f| f.properties.get("Role")).cloned();
        let role_arn = crate::secure::AssumableBy::<LambdaService>::into_role_node(self.role.arn());
        if function_role.as_ref().is_some_and(|given| *given != role_arn) {
            properties.refuse(format!(
                "the queue consumer's policy is attached to role `{}`, which is not the role of function `{}`: pass the function's own role to `queue.consumer(&function, &role)`",
                self.role.logical_id(),
                self.function
            ));
        }
        crate::secure::guarantee(&mut properties, [("EventSourceArn", self.queue)], CONSUMER_PIN);
        let attributes = Attributes::new().depends_on(&policy);
        crate::__private::add_parts(
            template,
            logical_id,
            EventSourceMapping::TYPE,
            EventSourceMapping::TAGGING,
            properties,
            attributes,
        )
    }
}

impl<C: crate::secure::Compliance> crate::secure::AllowedIn<C> for QueueConsumer {}
impl crate::__private::ResourceSeal for QueueConsumer {}
