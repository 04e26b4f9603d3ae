//! What a guarded property's setter takes. Types and names only: the generator
//! (`xtask/src/codegen/guarded.rs`) writes the code.

/// What a guarded property's setter takes: a hand-written type of `cfn-model` that proves the
/// guarantee. The generator turns each variant into the parameter type and the statement that
/// stores the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A typed policy document, stored as it renders.
    Document(Document),
    /// The ARN of a key whose policy grants CloudWatch Logs (`impl LogGroupKey`).
    LogGroupKey,
    /// A role whose trust policy lets the service assume it (`impl AssumableBy<S>`).
    Role(Assumer),
    /// RDS log exports with the encrypted log groups they go to (`impl RdsLogExports<C>`); the
    /// value also sets the identifier, the engine and the dependency on the groups.
    RdsLogExports(RdsExporter),
    /// A master password from Secrets Manager (`impl DatabasePassword`).
    DatabasePassword,
    /// A static master user name (`impl MasterUsername`).
    MasterUsername,
}

/// The typed policy documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// `KeyPolicy<G>`, whatever grants `G` records.
    KeyPolicy,
    /// `policy::TrustPolicy`: who may assume a role.
    TrustPolicy,
    /// `policy::IdentityPolicy`: what a role, user or group may do.
    IdentityPolicy,
    /// `policy::ResourcePolicy`: a queue's, topic's or secret's policy.
    ResourcePolicy,
    /// `policy::BucketPolicy`.
    BucketPolicy,
}

/// The services a typed role property hands its role to: each is the marker type of the same
/// name in `cfn-model`'s secure layer (`ServiceRole<LambdaService>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assumer {
    /// `lambda.amazonaws.com`.
    LambdaService,
    /// `vpc-flow-logs.amazonaws.com`.
    VpcFlowLogsService,
    /// `cloudtrail.amazonaws.com`.
    CloudTrailService,
    /// `ecs-tasks.amazonaws.com`.
    EcsTasksService,
    /// `states.amazonaws.com`.
    StatesService,
    /// `events.amazonaws.com`.
    EventsService,
    /// `monitoring.rds.amazonaws.com`.
    RdsMonitoringService,
}

/// What exports RDS logs: an Aurora cluster or a DB instance (their log types differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdsExporter {
    /// `AWS::RDS::DBCluster`.
    Cluster,
    /// `AWS::RDS::DBInstance`.
    Instance,
}
