//! The program that builds a template: one statement per section entry, one expression per value,
//! written against the generated API ([`crate::api`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde_json::{Map, Value as J};

use crate::api::{Struct, api};
use crate::names::{Locals, string};
use crate::{Finding, Options};

/// Bucket constructs and the deliveries into them.
#[path = "bucket.rs"]
mod bucket;

/// What a logical ID names, and how the program reaches it.
#[derive(Debug, Clone)]
enum Target {
    /// A parameter: its local and the value type its `Ref` gives.
    Parameter(String, &'static str),
    /// A resource: its local and the generated path, if it is typed.
    Resource(String, Option<String>),
}

/// RDS log exports written as `RdsLogGroups` writes them.
#[derive(Debug, Clone)]
struct Exports {
    /// The construct's logical ID (its groups are `<id><Log>`).
    id: String,
    /// The groups' logical IDs, in the order the construct adds them.
    groups: Vec<String>,
    /// The construct's expression.
    expr: String,
    /// The local of the `ExportedLogs` it gives back.
    local: String,
}

/// A topic or queue imported as `EncryptedTopic`/`EncryptedQueue`.
#[derive(Debug, Clone)]
struct Encrypted {
    kind: crate::messaging::Kind,
    /// The key's logical ID.
    key: String,
    /// The grants the key's policy holds.
    grants: Vec<&'static str>,
    /// The local of the handles the construct gives back.
    handles: String,
    /// Its properties other than those the construct writes (set with `configure`).
    rest: Map<String, J>,
    /// Its policy's statements after those the construct writes (`.statement(…)`).
    extra: Vec<Map<String, J>>,
    /// A queue's subscriptions to encrypted topics, as `subscribe_to` writes them: the topics.
    subscriptions: Vec<String>,
    /// Whether the construct writes the resources as they stand, or a delivery through an
    /// accessor needs a grant the key lacks (otherwise only a subscription may, checked once
    /// subscriptions are recognised).
    kept: bool,
}

/// A trail imported as `AuditTrail`, with its bucket as `TrailBucket`.
#[derive(Debug, Clone)]
struct Trail {
    bucket: String,
    key: String,
    /// The local of the bucket's handles.
    bucket_handles: String,
    /// The bucket's properties other than those the construct writes.
    bucket_rest: Map<String, J>,
    /// The trail's properties other than those the construct writes.
    rest: Map<String, J>,
    /// The encrypted topic it notifies.
    topic: Option<String>,
    /// The log group it delivers to (`AuditTrail::cloudwatch_logs`), an `EncryptedLogGroup`.
    logs: Option<String>,
    data_events: bool,
}

/// The program under construction.
pub struct Program<'a> {
    template: &'a Map<String, J>,
    options: &'a Options,
    targets: HashMap<String, Target>,
    conditions: HashMap<String, String>,
    mappings: HashMap<String, String>,
    /// Resources that go through the escape hatch, with why.
    raw: HashMap<String, String>,
    /// Secrets imported as a typed `DatabaseSecret`: their logical ID, the construct's expression
    /// and the local of the `DatabaseCredentials` it gives back.
    credentials: HashMap<String, (String, String)>,
    /// Databases whose log exports are imported as typed `RdsLogGroups`, by the database's logical ID.
    exports: HashMap<String, Exports>,
    /// The log groups of those exports: the database's logical ID.
    exported_groups: HashMap<String, String>,
    /// The resource whose expression is being written.
    current: String,
    /// Roles trusted by one service as `ServiceRole<S>` writes them: the service marker.
    service_roles: HashMap<String, &'static str>,
    /// Databases whose password is a typed `DatabaseSecret`'s: the secret's logical ID.
    typed_passwords: HashMap<String, String>,
    /// Topics and queues imported as `EncryptedTopic`/`EncryptedQueue`, by logical ID.
    encrypted: HashMap<String, Encrypted>,
    /// Trails imported as `AuditTrail`, by logical ID.
    trails: HashMap<String, Trail>,
    /// Buckets imported as a bucket construct, by logical ID.
    buckets: HashMap<String, bucket::Bucket>,
    /// Load balancers imported as `LoadBalancer::access_logs` writes them: the log bucket.
    balancers: HashMap<String, String>,
    /// Resources a construct writes besides its own (a topic's or a bucket's policy): the
    /// construct's logical ID, and the handle the program takes from the construct's handles.
    parts: HashMap<String, (String, String)>,
    /// Under `--lenient`, the resources written in their generated form that a typed construct
    /// would write: that construct.
    lenient: HashMap<String, &'static str>,
    /// Resources whose log group key is a key outside the template (`Fn::ImportValue`, a
    /// parameter, a literal ARN), asserted to grant CloudWatch Logs: how the key is named.
    asserted: HashMap<String, &'static str>,
    /// The property being written, outermost first (`NotificationConfiguration`,
    /// `TopicConfigurations`, `Topic`).
    at: Vec<String>,
    /// Why a value of the statement being written is no handle of this template (a resource a
    /// transform or module creates, another stack's output): the comments written above it.
    notes: Vec<String>,
    /// The keys whose policy grants CloudWatch Logs as `LogsGrant` writes it.
    pub features: BTreeSet<String>,
    pub findings: Vec<Finding>,
    /// Tags every taggable resource carries, written once with `t.tag_all(…)` after the
    /// resources (and taken out of them before the program sees them).
    pub stack_tags: Vec<(String, J)>,
}

const PSEUDO: [(&str, &str); 7] = [
    ("AWS::AccountId", "pseudo::account_id()"),
    ("AWS::NotificationARNs", "pseudo::notification_arns()"),
    ("AWS::NoValue", "pseudo::no_value()"),
    ("AWS::Partition", "pseudo::partition()"),
    ("AWS::Region", "pseudo::region()"),
    ("AWS::StackId", "pseudo::stack_id()"),
    ("AWS::StackName", "pseudo::stack_name()"),
];

fn section<'a>(template: &'a Map<String, J>, name: &str) -> Option<&'a Map<String, J>> {
    template.get(name).and_then(J::as_object)
}

/// The intrinsic a value is, if it is one: a one-key map whose key is `Ref`, `Fn::…` or
/// `Condition`.
fn intrinsic(value: &J) -> Option<(&str, &J)> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (key, arg) = map.iter().next()?;
    (key == "Ref" || key.starts_with("Fn::") || key == "Condition").then_some((key.as_str(), arg))
}

impl<'a> Program<'a> {
    pub fn new(template: &'a Map<String, J>, options: &'a Options) -> Self {
        Program {
            template,
            options,
            targets: HashMap::new(),
            conditions: HashMap::new(),
            mappings: HashMap::new(),
            raw: HashMap::new(),
            credentials: HashMap::new(),
            exports: HashMap::new(),
            exported_groups: HashMap::new(),
            current: String::new(),
            typed_passwords: HashMap::new(),
            encrypted: HashMap::new(),
            trails: HashMap::new(),
            buckets: HashMap::new(),
            balancers: HashMap::new(),
            parts: HashMap::new(),
            lenient: HashMap::new(),
            asserted: HashMap::new(),
            at: Vec::new(),
            service_roles: HashMap::new(),
            notes: Vec::new(),
            features: BTreeSet::new(),
            findings: Vec::new(),
            stack_tags: Vec::new(),
        }
    }

    /// The body of the function that builds the template.
    pub fn body(&mut self) -> Result<String, String> {
        let mut locals = Locals::default();
        let empty = Map::new();
        let resources = section(self.template, "Resources").unwrap_or(&empty);
        for (id, resource) in resources {
            let local = locals.fresh(id, "");
            let ty = resource.get("Type").and_then(J::as_str).unwrap_or_default();
            let typed = api().resources.get(ty).map(|(_, path)| path.clone());
            self.targets.insert(id.clone(), Target::Resource(local, typed));
        }
        let mut out = String::from("let mut t = Template::new();\n");
        if let Some(text) = self.template.get("Description").and_then(J::as_str) {
            let _ = writeln!(out, "t.set_description({});", string(text));
        }
        match self.template.get("Transform") {
            Some(J::String(name)) => {
                let _ = writeln!(out, "t.add_transform({});", string(name));
            }
            Some(J::Array(names)) => {
                for name in names.iter().filter_map(J::as_str) {
                    let _ = writeln!(out, "t.add_transform({});", string(name));
                }
            }
            _ => {}
        }
        if let Some(metadata) = section(self.template, "Metadata") {
            for (key, value) in metadata {
                let _ = writeln!(out, "t.set_metadata({}, {});", string(key), self.json(value));
            }
        }
        if let Some(parameters) = section(self.template, "Parameters")
            && let Some((fields, values)) = derived_parameters(parameters)
        {
            // Every parameter a field of a `#[derive(Parameters)]` struct: its default the field's
            // value, its description the field's doc comment.
            let local = locals.fresh("parameters", "");
            let _ = writeln!(out, "#[derive(Parameters)]\nstruct TemplateParameters {{\n{fields}}}");
            let _ = writeln!(out, "let {local} = TemplateParameters {{ {values} }}.add_to(&mut t);");
            for (id, parameter) in parameters {
                let ty = match parameter.get("Type").and_then(J::as_str) {
                    Some("Number") => "i64",
                    Some("CommaDelimitedList") => "Vec<String>",
                    _ => "String",
                };
                self.targets.insert(id.clone(), Target::Parameter(format!("{local}.{}", field_name(id)), ty));
            }
        } else if let Some(parameters) = section(self.template, "Parameters") {
            for (id, parameter) in parameters {
                let local = locals.fresh(id, "");
                let (builder, ty) =
                    parameter_expr(parameter).ok_or(format!("parameter {id}: a type with no typed form"))?;
                let _ = writeln!(out, "let {local} = t.parameter({}, {builder});", string(id));
                self.targets.insert(id.clone(), Target::Parameter(local, ty));
            }
        }
        // Where each mapping and condition is written: a construct may write it itself (below).
        let mut written_sections: Vec<(&'static str, String, std::ops::Range<usize>)> = Vec::new();
        if let Some(mappings) = section(self.template, "Mappings") {
            for (name, mapping) in mappings {
                let start = out.len();
                let local = locals.fresh(name, "_map");
                let mut expr = String::from("Mapping::new()");
                for (top, entries) in mapping.as_object().into_iter().flatten() {
                    let entries: Vec<String> = entries
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| format!("({}, {})", string(k), self.json(v)))
                        .collect();
                    let _ = write!(
                        expr,
                        ".entry({}, [{}] as [(&str, serde_json::Value); {}])",
                        string(top),
                        entries.join(", "),
                        entries.len()
                    );
                }
                let _ = writeln!(out, "let {local} = t.mapping({}, {expr});", string(name));
                written_sections.push(("Mappings", name.clone(), start..out.len()));
                self.mappings.insert(name.clone(), local);
            }
        }
        if let Some(conditions) = section(self.template, "Conditions") {
            for name in conditions.keys() {
                self.conditions.insert(name.clone(), locals.fresh(name, "_condition"));
            }
            for (name, condition) in conditions {
                let start = out.len();
                let expr = self.condition_expr(condition).ok_or(format!("condition {name}: no typed form"))?;
                let _ = writeln!(out, "let {} = t.condition({}, {expr});", self.conditions[name], string(name));
                written_sections.push(("Conditions", name.clone(), start..out.len()));
            }
        }
        if let Some(rules) = section(self.template, "Rules") {
            for (name, rule) in rules {
                let _ = writeln!(out, "t.set_rule({}, {});", string(name), self.json(rule));
            }
        }
        // A resource whose attribute is read by a name its schema does not list (a nested
        // stack's `Outputs.Name`) is untyped: only the escape hatch's handle reads any name.
        let mut read = Vec::new();
        attributes_read(&J::Object(self.template.clone()), &mut read);
        for (id, attribute) in read {
            if let Some(Target::Resource(_, Some(path))) = self.targets.get(&id)
                && !api().structs.get(path).is_some_and(|s| s.attributes.contains_key(&attribute))
            {
                let why = format!("its attribute `{attribute}` is not in the resource type's schema");
                self.raw.entry(id.clone()).or_insert(why);
                if let Some(Target::Resource(_, typed)) = self.targets.get_mut(&id) {
                    *typed = None;
                }
            }
        }
        // Secrets written exactly as `DatabaseSecret` writes them, with a key that grants Secrets
        // Manager: the typed construct, whose credentials are the only password a database takes.
        let read_ids: BTreeSet<String> = {
            let mut read = Vec::new();
            attributes_read(&J::Object(self.template.clone()), &mut read);
            read.into_iter().map(|(id, _)| id).collect()
        };
        for (id, resource) in resources {
            if self.options.lenient || read_ids.contains(id) {
                continue;
            }
            if let Some((expr, rest)) = self.database_secret(resources, resource) {
                // Its other properties (a description, a name) through `configure`.
                let Ok(setters) = self.setters("secretsmanager::Secret", &rest) else { continue };
                let expr = if setters.is_empty() { expr } else { format!("{expr}.configure(|r| r{setters})") };
                let local = locals.fresh(id, "_credentials");
                self.credentials.insert(id.clone(), (expr, local));
                self.features.insert("secretsmanager".to_owned());
            }
        }
        // Roles whose trust policy is the one `ServiceRole<S>` writes for a service, and whose
        // only attribute read is their ARN: the typed role, which the role setters take.
        let mut read_attributes = Vec::new();
        attributes_read(&J::Object(self.template.clone()), &mut read_attributes);
        for (id, resource) in resources {
            let only_arn = read_attributes.iter().all(|(r, attribute)| r != id || attribute == "Arn");
            if self.options.lenient || !only_arn || resource.get("Type").and_then(J::as_str) != Some("AWS::IAM::Role") {
                continue;
            }
            if let Some(service) =
                resource.pointer("/Properties/AssumeRolePolicyDocument").and_then(crate::role::service_of_trust)
            {
                self.service_roles.insert(id.clone(), service);
            }
        }
        // RDS log exports whose groups are written exactly as `RdsLogGroups` writes them, with a
        // key that grants CloudWatch Logs: the typed construct, whose exports are the only value
        // a database's `EnableCloudwatchLogsExports` takes.
        for (id, resource) in resources {
            // The database stays its generated type (its attributes are read as ever); the
            // groups, whose handles the construct gives, must be read by nothing.
            if self.options.lenient {
                continue;
            }
            if let Some((construct, groups, expr)) = self.rds_log_groups(resources, resource, &read_ids) {
                let local = locals.fresh(&construct, "_exports");
                for group in &groups {
                    self.exported_groups.insert(group.clone(), id.clone());
                }
                self.exports.insert(id.clone(), Exports { id: construct, groups, expr, local });
                self.features.extend(["logs".to_owned(), "rds".to_owned()]);
            }
        }
        // Encrypted topics and queues as `EncryptedTopic`/`EncryptedQueue` write them (or whose
        // deliveries need a grant their key lacks: the typed form, which then does not compile
        // with the guard's message), and trails as `AuditTrail` writes them into a `TrailBucket`.
        self.recognise_encrypted(resources, &mut locals);
        self.recognise_subscriptions(resources);
        // A queue taken only because a subscription needs a grant its key lacks: only if that
        // subscription is `subscribe_to`'s (else the typed form would not fail, nor round-trip).
        self.encrypted.retain(|_, e| e.kept || !e.subscriptions.is_empty() && !e.grants.contains(&"SnsToQueues"));
        self.recognise_trails(resources, &mut locals);
        self.recognise_buckets(resources, &mut locals);
        if self.options.lenient {
            // The generated forms, each marked with the typed form it stands for.
            for (id, encrypted) in &self.encrypted {
                let (construct, _, _) = encrypted.kind.construct();
                self.lenient.insert(id.clone(), construct);
            }
            for (id, trail) in &self.trails {
                self.lenient.insert(id.clone(), "secure::AuditTrail");
                self.lenient.insert(trail.bucket.clone(), "secure::TrailBucket");
            }
            for (id, resource) in resources {
                if resource.get("Type").and_then(J::as_str) == Some("AWS::KMS::Key") {
                    self.lenient.insert(id.clone(), "KmsKey");
                }
            }
            self.lenient_buckets();
            self.encrypted.clear();
            self.trails.clear();
            self.parts.clear();
        }
        // Resources whose values have no typed form go raw; a handle's attributes depend on that,
        // so repeat until nothing changes.
        loop {
            let mut changed = false;
            for (id, resource) in resources {
                if self.raw.contains_key(id) {
                    continue;
                }
                if let Err(why) = self.resource_expr(id, resource) {
                    self.raw.insert(id.clone(), why);
                    if let Some(Target::Resource(_, typed)) = self.targets.get_mut(id) {
                        *typed = None;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        // A construct whose key went through the escape hatch has no typed key to take: its
        // resources are written in the generated form after all (and a database's guarded
        // setters then demand what they always demand).
        fn key_of(resource: &J) -> Option<&str> {
            resource.pointer("/Properties/KmsKeyId/Fn::GetAtt/0").and_then(J::as_str)
        }
        let raw = &self.raw;
        self.credentials.retain(|id, _| key_of(&resources[id]).is_some_and(|key| !raw.contains_key(key)));
        self.exports.retain(|_, exports| {
            exports.groups.first().and_then(|g| key_of(&resources[g])).is_some_and(|key| !raw.contains_key(key))
        });
        let exported: BTreeSet<&String> = self.exports.values().flat_map(|e| e.groups.iter()).collect();
        self.exported_groups.retain(|group, _| exported.contains(group));
        self.encrypted.retain(|id, e| !raw.contains_key(id) && !raw.contains_key(&e.key));
        let kept: BTreeSet<String> = self.encrypted.keys().cloned().collect();
        self.encrypted.retain(|_, e| e.subscriptions.iter().all(|t| kept.contains(t)));
        let encrypted = &self.encrypted;
        self.trails.retain(|id, trail| {
            ![id, &trail.bucket, &trail.key].iter().any(|r| raw.contains_key(*r))
                && trail.topic.as_ref().is_none_or(|topic| encrypted.contains_key(topic))
                && trail.logs.as_ref().is_none_or(|group| !raw.contains_key(group))
        });
        self.keep_buckets();
        let (encrypted, trails, buckets) = (&self.encrypted, &self.trails, &self.buckets);
        self.parts.retain(|_, (owner, _)| {
            encrypted.contains_key(owner) || trails.values().any(|t| &t.bucket == owner) || buckets.contains_key(owner)
        });
        self.findings.clear();
        self.delivery_findings(resources);
        self.bucket_findings(resources);
        // A mapping or condition that only a bucket construct's own resources use is the
        // construct's to write.
        let owned = self.sections_the_buckets_write();
        for (section, name, range) in written_sections.into_iter().rev() {
            if owned.iter().any(|(s, n)| *s == section && *n == name) {
                out.replace_range(range, "");
            }
        }
        // Resources in template order, each after the resources it refers to (a handle exists
        // once its resource is added).
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let ids: Vec<&String> = resources.keys().collect();
        while done.len() < ids.len() {
            let before = done.len();
            for id in &ids {
                if done.contains(id.as_str()) {
                    continue;
                }
                let mut refs = BTreeSet::new();
                references(&resources[id.as_str()], &mut refs);
                // A queue subscribed to topics is built with their handles.
                refs.extend(self.encrypted.get(id.as_str()).into_iter().flat_map(|e| e.subscriptions.iter().cloned()));
                // A resource a SAM resource or a module creates is named through its creator's handle.
                let creators: Vec<String> = refs.iter().filter_map(|r| self.creator(r)).collect();
                refs.extend(creators);
                // A bucket construct writes its policy's statements of the template's own.
                if self.buckets.contains_key(id.as_str())
                    && let Some(policy) = resources.get(&format!("{id}Policy"))
                {
                    references(policy, &mut refs);
                    refs.remove(id.as_str());
                }
                let ready = refs.iter().all(|r| r == *id || done.contains(r.as_str()) || !resources.contains_key(r));
                if ready || done.len() == before && ids.iter().all(|i| done.contains(i.as_str()) || *i == *id) {
                    out.push_str(&self.resource_statement(id, &resources[id.as_str()])?);
                    done.insert(id);
                }
            }
            if done.len() == before {
                return Err("resources that refer to each other in a cycle".to_owned());
            }
        }
        if !self.stack_tags.is_empty() {
            let tags: Vec<String> = self
                .stack_tags
                .iter()
                .map(|(key, value)| format!("({}, {})", string(key), string(value.as_str().unwrap_or_default())))
                .collect();
            let _ = writeln!(out, "t.tag_all([{}]);", tags.join(", "));
        }
        const SECTIONS: [&str; 10] = [
            "AWSTemplateFormatVersion",
            "Description",
            "Metadata",
            "Transform",
            "Parameters",
            "Rules",
            "Mappings",
            "Conditions",
            "Resources",
            "Outputs",
        ];
        for (name, value) in self.template.iter().filter(|(k, _)| !SECTIONS.contains(&k.as_str())) {
            // A section the transform reads (AWS SAM's `Globals`), kept as written; after the
            // resources, whose handles it may use.
            let _ = writeln!(out, "t.set_transform_section({}, {});", string(name), self.json(value));
        }
        if let Some(outputs) = section(self.template, "Outputs") {
            for (id, output) in outputs {
                self.notes.clear();
                let value = output.get("Value").ok_or(format!("output {id} has no Value"))?;
                let value = self.expr(value, "String").ok_or(format!("output {id}: a value with no typed form"))?;
                let mut expr = format!("Output::new({value})");
                if let Some(text) = output.get("Description").and_then(J::as_str) {
                    let _ = write!(expr, ".description({})", string(text));
                }
                if let Some(name) = output.get("Export").and_then(|e| e.get("Name")) {
                    let name =
                        self.expr(name, "String").ok_or(format!("output {id}: an export name with no typed form"))?;
                    let _ = write!(expr, ".export({name})");
                }
                if let Some(condition) = output.get("Condition").and_then(J::as_str) {
                    let local = self.conditions.get(condition).ok_or(format!("output {id}: unknown condition"))?;
                    let _ = write!(expr, ".condition(&{local})");
                }
                self.write_notes(&mut out);
                let _ = writeln!(out, "t.output({}, {expr});", string(id));
            }
        }
        out.push_str("t\n");
        Ok(out)
    }

    fn resource_statement(&mut self, id: &str, resource: &J) -> Result<String, String> {
        let Some(Target::Resource(local, _)) = self.targets.get(id).cloned() else { unreachable!() };
        let attributes = self.attributes(id, resource)?;
        let mut out = String::new();
        if let Some((expr, credentials)) = self.credentials.get(id).cloned() {
            let _ = writeln!(out, "let {credentials} = t.build({}, {expr});", string(id));
            let _ = writeln!(out, "let {local} = {credentials}.secret().clone();");
            return Ok(out);
        }
        if let Some(database) = self.exported_groups.get(id).cloned() {
            let exports = self.exports[&database].clone();
            if exports.groups.first().map(String::as_str) == Some(id) {
                let _ = writeln!(out, "let {} = t.build({}, {});", exports.local, string(&exports.id), exports.expr);
                for (i, group) in exports.groups.iter().enumerate() {
                    if let Some(Target::Resource(group_local, _)) = self.targets.get(group) {
                        let _ = writeln!(out, "let {group_local} = {}.log_groups()[{i}].clone();", exports.local);
                    }
                }
            }
            return Ok(out);
        }
        if let Some((_, part)) = self.parts.get(id).cloned() {
            // A resource the construct of another writes: its handle, from the construct's.
            if !part.is_empty() {
                let _ = writeln!(out, "let {local} = {part};");
            }
            return Ok(out);
        }
        if let Some(encrypted) = self.encrypted.get(id).cloned() {
            let expr = self.resource_expr(id, resource)?;
            let (_, field, _) = encrypted.kind.construct();
            let _ = writeln!(out, "let {} = t.build({}, {expr});", encrypted.handles, string(id));
            let _ = writeln!(out, "let {local} = {}.{field}.clone();", encrypted.handles);
            return Ok(out);
        }
        if self.trails.contains_key(id) {
            let expr = self.resource_expr(id, resource)?;
            let _ = writeln!(out, "let {local} = t.build({}, {expr});", string(id));
            return Ok(out);
        }
        if let Some(trail) = self.trails.values().find(|t| t.bucket == id).cloned() {
            let expr = self.resource_expr(id, resource)?;
            let _ = writeln!(out, "let {} = t.build({}, {expr});", trail.bucket_handles, string(id));
            let _ = writeln!(out, "let {local} = {}.bucket.clone();", trail.bucket_handles);
            return Ok(out);
        }
        if let Some(bucket) = self.buckets.get(id).cloned() {
            let expr = self.resource_expr(id, resource)?;
            if let Some(bucket::BucketKey::Outside { how, .. }) = &bucket.key {
                let _ = writeln!(
                    out,
                    "// Asserted: this bucket's key is outside the template ({how}), so its policy cannot be seen here; the program asserts that it lets S3 use it (`asserting_s3_grant`), and the final-template check judges what it can see."
                );
            }
            let _ = writeln!(out, "let {} = t.build({}, {expr});", bucket.handles, string(id));
            let _ = writeln!(out, "let {local} = {}.bucket.clone();", bucket.handles);
            return Ok(out);
        }
        if self.balancers.contains_key(id) {
            let expr = self.resource_expr(id, resource)?;
            let _ = writeln!(out, "let {local} = t.build({}, {expr});", string(id));
            return Ok(out);
        }
        if let Some(construct) = self.lenient.get(id) {
            let _ = writeln!(
                out,
                "// Lenient: the generated form, not `{construct}` (whose type would require what the template may lack: a key's grants, a bucket's kind); the final-template check judges it."
            );
        }
        self.notes.clear();
        let (add, expr) = match self.raw.get(id).cloned() {
            Some(why) => {
                let _ = writeln!(out, "// Untyped ({why}): the escape hatch, `raw_resource!`.");
                ("add_raw", self.raw_expr(resource)?)
            }
            None => ("add", self.resource_expr(id, resource)?),
        };
        self.write_notes(&mut out);
        if let Some(how) = self.asserted.get(id).filter(|_| !self.raw.contains_key(id)) {
            let _ = writeln!(
                out,
                "// Asserted: this log group's key is outside the template ({how}), so its policy cannot be seen here; the program asserts that it grants CloudWatch Logs (`asserting_logs_grant`), and the final-template check judges what it can see."
            );
        }
        match attributes {
            Some(a) => {
                let _ = writeln!(out, "let {local} = t.{add}_with({}, {expr}, {a});", string(id));
            }
            None => {
                let _ = writeln!(out, "let {local} = t.{add}({}, {expr});", string(id));
            }
        }
        Ok(out)
    }

    /// `Attributes::new()…` for the resource's attributes, or `None` when it has none.
    fn attributes(&mut self, id: &str, resource: &J) -> Result<Option<String>, String> {
        let mut a = String::from("Attributes::new()");
        let mut any = false;
        for (key, value) in resource.as_object().into_iter().flatten() {
            match key.as_str() {
                "Type" | "Properties" => {}
                "DependsOn" => {
                    let ids: Vec<&str> = match value {
                        J::String(s) => vec![s.as_str()],
                        J::Array(l) => l.iter().filter_map(J::as_str).collect(),
                        _ => return Err(format!("{id}: DependsOn neither a name nor a list")),
                    };
                    for dep in ids {
                        match self.targets.get(dep) {
                            Some(Target::Resource(local, _)) => {
                                let _ = write!(a, ".depends_on(&{local})");
                            }
                            _ => return Err(format!("{id}: DependsOn names {dep}, not a resource")),
                        }
                    }
                }
                "Condition" => {
                    let name = value.as_str().unwrap_or_default();
                    let local = self.conditions.get(name).ok_or(format!("{id}: unknown condition {name}"))?;
                    let _ = write!(a, ".condition(&{local})");
                }
                "DeletionPolicy" | "UpdateReplacePolicy" if intrinsic(value).is_some() => {
                    // Chosen at deploy time (a parameter, a mapping, a condition).
                    let chosen = self.expr(value, "String").ok_or(format!("{id}: a {key} with no typed form"))?;
                    let method =
                        if key == "DeletionPolicy" { "deletion_policy_chosen" } else { "update_replace_policy_chosen" };
                    let _ = write!(a, ".{method}({chosen})");
                }
                "DeletionPolicy" | "UpdateReplacePolicy" => {
                    let variant = match value.as_str() {
                        Some("Delete") => "Delete",
                        Some("Retain") => "Retain",
                        Some("RetainExceptOnCreate") => "RetainExceptOnCreate",
                        Some("Snapshot") => "Snapshot",
                        _ => return Err(format!("{id}: {key} is not one of CloudFormation's policies")),
                    };
                    let method = if key == "DeletionPolicy" { "deletion_policy" } else { "update_replace_policy" };
                    let _ = write!(a, ".{method}(DeletionPolicy::{variant})");
                }
                "Metadata" => {
                    let _ = write!(a, ".metadata({})", self.json(value));
                }
                "CreationPolicy" => {
                    let _ = write!(a, ".creation_policy({})", self.creation_policy(id, value)?);
                }
                "UpdatePolicy" => {
                    let _ = write!(a, ".update_policy({})", self.update_policy(id, value)?);
                }
                "Version" if value.is_string() && resource_type(resource).is_some_and(is_custom) => {
                    let _ = write!(a, ".custom_resource_version({})", string(value.as_str().unwrap_or_default()));
                }
                // An attribute the template's transform reads (AWS SAM's `IgnoreGlobals`).
                "IgnoreGlobals" if self.template.contains_key("Transform") => {
                    let _ = write!(a, ".transform_attribute({}, {})", string(key), self.json(value));
                }
                _ => return Err(format!("{id}: the resource attribute {key} has no typed form")),
            }
            any |= key != "Type" && key != "Properties";
        }
        Ok(any.then_some(a))
    }

    fn creation_policy(&mut self, id: &str, value: &J) -> Result<String, String> {
        let mut out = String::from("CreationPolicy::new()");
        let fail = || format!("{id}: a CreationPolicy entry with no typed form");
        for (key, inner) in value.as_object().ok_or_else(fail)? {
            for (setting, v) in inner.as_object().into_iter().flatten() {
                let (method, ty) = match (key.as_str(), setting.as_str()) {
                    ("ResourceSignal", "Count") => ("signal_count", "i64"),
                    ("ResourceSignal", "Timeout") => ("signal_timeout", "String"),
                    ("AutoScalingCreationPolicy", "MinSuccessfulInstancesPercent") => {
                        ("min_successful_instances_percent", "i64")
                    }
                    _ => return Err(fail()),
                };
                let _ = write!(out, ".{method}({})", self.expr(v, ty).ok_or_else(fail)?);
            }
            if key == "StartFleet" {
                let _ = write!(out, ".start_fleet({})", self.expr(inner, "bool").ok_or_else(fail)?);
            }
        }
        Ok(out)
    }

    fn update_policy(&mut self, id: &str, value: &J) -> Result<String, String> {
        let mut out = String::from("UpdatePolicy::new()");
        let fail = || format!("{id}: an UpdatePolicy entry with no typed form");
        for (key, inner) in value.as_object().ok_or_else(fail)? {
            match key.as_str() {
                "AutoScalingRollingUpdate" => {
                    for (setting, v) in inner.as_object().ok_or_else(fail)? {
                        let variant = match setting.as_str() {
                            "MaxBatchSize"
                            | "MinActiveInstancesPercent"
                            | "MinInstancesInService"
                            | "MinSuccessfulInstancesPercent"
                            | "PauseTime"
                            | "SuspendProcesses"
                            | "WaitOnResourceSignals" => setting,
                            _ => return Err(fail()),
                        };
                        let _ = write!(out, ".rolling_update(RollingUpdate::{variant}, {})", self.json(v));
                    }
                }
                "AutoScalingReplacingUpdate" => {
                    let v = inner.get("WillReplace").ok_or_else(fail)?;
                    let _ = write!(out, ".will_replace({})", self.expr(v, "bool").ok_or_else(fail)?);
                }
                "AutoScalingScheduledAction" => {
                    let v = inner.get("IgnoreUnmodifiedGroupSizeProperties").ok_or_else(fail)?;
                    let _ = write!(
                        out,
                        ".ignore_unmodified_group_size_properties({})",
                        self.expr(v, "bool").ok_or_else(fail)?
                    );
                }
                "CodeDeployLambdaAliasUpdate" => {
                    let app = inner.get("ApplicationName").and_then(|v| self.expr(v, "String")).ok_or_else(fail)?;
                    let group =
                        inner.get("DeploymentGroupName").and_then(|v| self.expr(v, "String")).ok_or_else(fail)?;
                    let _ = write!(out, ".code_deploy_lambda_alias({app}, {group})");
                }
                "EnableVersionUpgrade" => {
                    let _ = write!(out, ".enable_version_upgrade({})", self.expr(inner, "bool").ok_or_else(fail)?);
                }
                "UseOnlineResharding" => {
                    let _ = write!(out, ".use_online_resharding({})", self.expr(inner, "bool").ok_or_else(fail)?);
                }
                _ => return Err(fail()),
            }
        }
        Ok(out)
    }

    /// `raw_resource!("Type", {"Name": value, …})`.
    fn raw_expr(&mut self, resource: &J) -> Result<String, String> {
        let ty = resource.get("Type").and_then(J::as_str).ok_or("a resource without a Type")?;
        let mut out = format!("raw_resource!({}, {{", string(ty));
        for (name, value) in resource.get("Properties").and_then(J::as_object).into_iter().flatten() {
            let _ = write!(out, "{}: {},", string(name), self.json(value));
        }
        out.push_str("})");
        Ok(out)
    }

    /// The typed constructor chain of a resource, or why it has none.
    fn resource_expr(&mut self, id: &str, resource: &J) -> Result<String, String> {
        let ty = resource.get("Type").and_then(J::as_str).unwrap_or_default();
        let Some((feature, path)) = api().resources.get(ty) else {
            return Err(if ty.starts_with("Custom::") || ty == "AWS::CloudFormation::CustomResource" {
                "a custom resource: its properties are the provider's, not in any schema".to_owned()
            } else {
                format!("{ty} is not a type of the pinned schemas (a macro's or a third party's)")
            });
        };
        self.current = id.to_owned();
        let properties = match resource.get("Properties") {
            None => Map::new(),
            Some(J::Object(m)) => m.clone(),
            Some(_) => return Err("its properties are chosen by an intrinsic function".to_owned()),
        };
        if let Some(service) = self.service_roles.get(id).copied() {
            let mut rest = properties.clone();
            rest.shift_remove("AssumeRolePolicyDocument");
            let setters = self.setters(path, &rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
            self.features.insert(feature.clone());
            return Ok(if setters.is_empty() {
                format!("secure::ServiceRole::new(secure::{service})")
            } else {
                format!("secure::ServiceRole::new(secure::{service}).configure(|r| r{setters})")
            });
        }
        if self.parts.contains_key(id) {
            return Ok(String::new());
        }
        if let Some(encrypted) = self.encrypted.get(id).cloned() {
            let expr = self.encrypted_expr(&encrypted)?;
            self.features.insert(feature.clone());
            return Ok(expr);
        }
        if let Some(trail) = self.trails.get(id).cloned() {
            return self.trail_expr(&trail);
        }
        if let Some(trail) = self.trails.values().find(|t| t.bucket == id).cloned() {
            return self.trail_bucket_expr(&trail);
        }
        if let Some(bucket) = self.buckets.get(id).cloned() {
            self.features.insert(feature.clone());
            return self.bucket_expr(&bucket);
        }
        if let Some(bucket) = self.balancers.get(id).cloned() {
            return self.balancer_expr(id, resource, &bucket);
        }
        if self.trails.values().any(|t| t.logs.as_deref() == Some(id)) {
            self.features.insert(feature.clone());
            return self.encrypted_log_group_expr(&properties);
        }
        if ty == "AWS::KMS::Key" && !self.options.lenient {
            let key = self.kms_key(id, &properties)?;
            self.features.insert(feature.clone());
            return Ok(key);
        }
        let expr = self.struct_expr(path, &properties).map_err(|p| format!("its `{p}` has no typed form here"))?;
        self.features.insert(feature.clone());
        Ok(expr)
    }

    /// `Path::new(required…).setter(value)…` for a resource or property type.
    fn struct_expr(&mut self, path: &str, properties: &Map<String, J>) -> Result<String, String> {
        let shape: Struct = api().structs.get(path).cloned().unwrap_or_default();
        let mut args = Vec::new();
        for required in &shape.required {
            let value = properties.get(&required.property).ok_or(required.property.clone())?;
            self.at.push(required.property.clone());
            let arg = self.expr(value, &required.ty);
            self.at.pop();
            args.push(arg.ok_or(required.property.clone())?);
        }
        let mut out = format!("resources::{path}::new({})", args.join(", "));
        for (name, value) in properties {
            if shape.required.iter().any(|r| &r.property == name) {
                continue;
            }
            let setter = shape.property(name).ok_or(name.clone())?;
            self.at.push(name.clone());
            let value = self.expr(value, &setter.ty);
            self.at.pop();
            let _ = write!(out, ".{}({})", setter.method.as_deref().unwrap_or_default(), value.ok_or(name.clone())?);
        }
        Ok(out)
    }

    /// `.setter(value)…` for `properties` of the resource or property type `path` (none of them
    /// required).
    fn setters(&mut self, path: &str, properties: &Map<String, J>) -> Result<String, String> {
        let shape: Struct = api().structs.get(path).cloned().unwrap_or_default();
        let mut out = String::new();
        for (name, value) in properties {
            // A required property is an argument of `new`, which the construct wrote.
            let setter = shape.setters.iter().find(|s| &s.property == name).ok_or(name.clone())?;
            self.at.push(name.clone());
            let value = self.expr(value, &setter.ty);
            self.at.pop();
            let _ = write!(out, ".{}({})", setter.method.as_deref().unwrap_or_default(), value.ok_or(name.clone())?);
        }
        Ok(out)
    }

    /// An expression of `value` at the value type `ty`, or `None` if it has none there.
    pub fn expr(&mut self, value: &J, ty: &str) -> Option<String> {
        if let Some(guarded) = ty.strip_prefix('!') {
            return self.guarded_expr(value, guarded);
        }
        if let Some(kinds) = ty.strip_prefix('@') {
            return self.attr_expr(value, kinds);
        }
        if let Some((function, arg)) = intrinsic(value) {
            return self.intrinsic_expr(function, arg, ty);
        }
        match (ty, value) {
            ("String", J::String(s)) => Some(string(s)),
            ("i64", J::Number(n)) if n.is_i64() => {
                let n = n.as_i64()?;
                Some(if i32::try_from(n).is_ok() { n.to_string() } else { format!("{n}_i64") })
            }
            ("f64", J::Number(n)) => {
                let f = n.as_f64()?;
                Some(if n.is_i64() { format!("{}_f64", n.as_i64()?) } else { format!("{f:?}_f64") })
            }
            ("bool", J::Bool(b)) => Some(b.to_string()),
            ("crate::Json", _) => Some(self.json(value)),
            (_, J::Array(items)) if ty.starts_with("Vec<") => {
                let inner = &ty[4..ty.len() - 1];
                if items.is_empty() {
                    // An empty list names no item type for `vec![]` to infer.
                    return Some(format!("Vec::<Value<{}>>::new()", rust_type(inner)));
                }
                let items: Option<Vec<String>> = items.iter().map(|i| self.list_item(i, inner)).collect();
                Some(format!("vec![{}]", items?.join(", ")))
            }
            (_, J::Object(map)) if ty.starts_with("crate::Map<") => {
                let inner = &ty[11..ty.len() - 1];
                let items: Option<Vec<String>> =
                    map.iter().map(|(k, v)| Some(format!("({}, {})", string(k), self.list_item(v, inner)?))).collect();
                Some(format!("vec![{}]", items?.join(", ")))
            }
            (_, J::String(s)) if api().enums.contains_key(ty) => {
                let variant = api().enums[ty].get(s)?;
                Some(format!("resources::{ty}::{variant}"))
            }
            (_, J::Object(map)) if api().structs.contains_key(ty) => self.struct_expr(ty, map).ok(),
            _ => None,
        }
    }

    /// An item of a list (or map): always a `Value<T>`, so literals and intrinsics mix.
    fn list_item(&mut self, value: &J, ty: &str) -> Option<String> {
        let expr = self.expr(value, ty)?;
        Some(if intrinsic(value).is_some() { expr } else { format!("Value::<{}>::from({expr})", rust_type(ty)) })
    }

    fn intrinsic_expr(&mut self, function: &str, arg: &J, ty: &str) -> Option<String> {
        let value_ty = if ty.starts_with('!') { "String" } else { ty };
        match function {
            "Ref" => {
                let name = arg.as_str()?;
                if let Some((_, expr)) = PSEUDO.iter().find(|(p, _)| *p == name) {
                    let returns = match name {
                        "AWS::NoValue" => value_ty,
                        "AWS::NotificationARNs" => "Vec<String>",
                        _ => "String",
                    };
                    if name == "AWS::NoValue" {
                        return Some(format!("pseudo::no_value::<{}>()", rust_type(value_ty)));
                    }
                    return (returns == value_ty).then(|| expr.to_string());
                }
                if value_ty == "String"
                    && let Some(accessor) = self.delivery(name, None)
                {
                    return Some(accessor.text);
                }
                if !self.targets.contains_key(name) {
                    let created = self.created(name, "reference()")?;
                    return (value_ty == "String").then_some(created);
                }
                match self.targets.get(name)? {
                    Target::Parameter(local, returns) => (*returns == value_ty).then(|| format!("{local}.reference()")),
                    Target::Resource(local, path) => (value_ty == "String").then(|| {
                        // A typed reference, where any text goes.
                        let typed =
                            path.as_ref().and_then(|p| api().structs.get(p)).is_some_and(|s| s.reference.is_some());
                        let raw = self.raw.contains_key(name) || self.service_roles.contains_key(name);
                        if typed && !raw {
                            format!("{}.into_value()", handle_reference(local))
                        } else {
                            handle_reference(local)
                        }
                    }),
                }
            }
            "Fn::GetAtt" => {
                let (id, attribute) = match arg {
                    J::Array(l) if l.len() == 2 => (l[0].as_str()?.to_owned(), l[1].as_str()?.to_owned()),
                    J::String(s) => {
                        let (a, b) = s.split_once('.')?;
                        (a.to_owned(), b.to_owned())
                    }
                    _ => return None,
                };
                self.get_att(&id, &attribute, value_ty)
            }
            "Fn::Sub" if value_ty == "String" => self.sub(arg),
            "Fn::If" => {
                let l = arg.as_array().filter(|l| l.len() == 3)?;
                let condition = self.conditions.get(l[0].as_str()?)?.clone();
                let a = self.branch(&l[1], value_ty)?;
                let b = self.branch(&l[2], value_ty)?;
                Some(format!("fns::condition_if(&{condition}, {a}, {b})"))
            }
            "Fn::Join" if value_ty == "String" => {
                let l = arg.as_array().filter(|l| l.len() == 2)?;
                let delimiter = l[0].as_str()?;
                let list = self.list_arg(&l[1])?;
                Some(format!("fns::join({}, {list})", string(delimiter)))
            }
            "Fn::Select" => {
                let l = arg.as_array().filter(|l| l.len() == 2)?;
                let index = self.branch(&l[0], "i64")?;
                let list = if value_ty == "String" { self.list_arg(&l[1])? } else { return None };
                Some(format!("fns::select::<String>({index}, {list})"))
            }
            "Fn::FindInMap" => {
                let l = arg.as_array().filter(|l| l.len() == 3)?;
                let mapping = self.mappings.get(l[0].as_str()?)?.clone();
                let top = self.branch(&l[1], "String")?;
                let second = self.branch(&l[2], "String")?;
                Some(format!("fns::find_in_map::<{}>(&{mapping}, {top}, {second})", rust_type(value_ty)))
            }
            "Fn::ImportValue" if value_ty == "String" => {
                Some(format!("fns::import_value({})", self.branch(arg, "String")?))
            }
            "Fn::Base64" if value_ty == "String" => Some(format!("fns::base64({})", self.branch(arg, "String")?)),
            "Fn::GetStackOutput" if value_ty == "String" => {
                let map = arg.as_object()?;
                if map.keys().any(|k| !["StackName", "OutputName", "Region", "RoleArn"].contains(&k.as_str())) {
                    return None;
                }
                let stack = self.expr(map.get("StackName")?, "String")?;
                let output = self.expr(map.get("OutputName")?, "String")?;
                let mut out = format!("fns::get_stack_output({stack}, {output})");
                for (key, method) in [("Region", "region"), ("RoleArn", "role_arn")] {
                    if let Some(v) = map.get(key) {
                        let _ = write!(out, ".{method}({})", self.expr(v, "String")?);
                    }
                }
                self.note("`Fn::GetStackOutput`: the value of another stack's output, read when this stack is created or updated; no handle of this template names it");
                Some(format!("{out}.into_value()"))
            }
            "Fn::GetAZs" if value_ty == "Vec<String>" => Some(format!("fns::get_azs({})", self.branch(arg, "String")?)),
            "Fn::Split" if value_ty == "Vec<String>" => {
                let l = arg.as_array().filter(|l| l.len() == 2)?;
                Some(format!("fns::split({}, {})", string(l[0].as_str()?), self.branch(&l[1], "String")?))
            }
            "Fn::Cidr" if value_ty == "Vec<String>" => {
                let l = arg.as_array().filter(|l| l.len() == 3)?;
                let block = self.branch(&l[0], "String")?;
                let count = self.branch(&l[1], "i64")?;
                let bits = self.branch(&l[2], "i64")?;
                Some(format!("fns::cidr({block}, {count}, {bits})"))
            }
            _ => None,
        }
    }

    /// A branch of `Fn::If` or an argument: `Value<T>` whether literal or intrinsic.
    fn branch(&mut self, value: &J, ty: &str) -> Option<String> {
        let expr = self.expr(value, ty)?;
        Some(if intrinsic(value).is_some() || ty.starts_with('!') {
            expr
        } else {
            format!("Value::<{}>::from({expr})", rust_type(ty))
        })
    }

    fn list_arg(&mut self, value: &J) -> Option<String> {
        match value {
            J::Array(items) => {
                let items: Option<Vec<String>> = items.iter().map(|i| self.list_item(i, "String")).collect();
                Some(format!("vec![{}]", items?.join(", ")))
            }
            _ => self.expr(value, "Vec<String>"),
        }
    }

    /// A value for a setter that takes typed references of `kinds` (`kms::Key|Arn,…`; a list of
    /// them when it starts with `@`): a handle's accessor for a `Ref` or `Fn::GetAtt` of a typed
    /// resource of the template, otherwise the value as written, claimed to be of the kind it
    /// looks like with `Attr::<target, kind>::external(…)`.
    fn attr_expr(&mut self, value: &J, kinds: &str) -> Option<String> {
        if let Some(kinds) = kinds.strip_prefix('@') {
            if let J::Array(items) = value {
                let items: Option<Vec<String>> = items.iter().map(|i| self.attr_expr(i, kinds)).collect();
                return Some(format!("vec![{}]", items?.join(", ")));
            }
            let list = self.expr(value, "Vec<String>")?;
            let (target, kind) = self.kind_of(value, kinds)?;
            return Some(format!("AttrList::<target::{target}, kind::{kind}>::external({list})"));
        }
        if let Some(typed) = self.typed_reference(value) {
            return Some(typed);
        }
        let plain = self.expr(value, "String")?;
        let (target, kind) = self.kind_of(value, kinds)?;
        Some(format!("Attr::<target::{target}, kind::{kind}>::external({plain})"))
    }

    /// The typed accessor of a `Ref` or `Fn::GetAtt` of a typed resource of the template.
    fn typed_reference(&self, value: &J) -> Option<String> {
        let (function, arg) = intrinsic(value)?;
        let read = match function {
            "Ref" => arg.as_str().map(|id| (id.to_owned(), None)),
            "Fn::GetAtt" => get_att_arg(arg).map(|(id, attribute)| (id, Some(attribute))),
            _ => None,
        };
        if let Some((id, attribute)) = read
            && let Some(accessor) = self.delivery(&id, attribute.as_deref())
        {
            return Some(accessor.expr);
        }
        match function {
            "Ref" => {
                let id = arg.as_str()?;
                let Target::Resource(local, Some(path)) = self.targets.get(id)? else { return None };
                if self.service_roles.contains_key(id) && !self.raw.contains_key(id) {
                    return None;
                }
                api().structs.get(path)?.reference.as_ref()?;
                Some(handle_reference(local))
            }
            "Fn::GetAtt" => {
                let (id, attribute) = get_att_arg(arg)?;
                // A bucket construct's handle reads attributes as text (`bucket.arn()`).
                if self.buckets.contains_key(&id) {
                    return None;
                }
                let Target::Resource(local, typed) = self.targets.get(&id)? else { return None };
                if self.service_roles.contains_key(&id) && !self.raw.contains_key(&id) {
                    // A `ServiceRole`'s `arn()` is a role's ARN.
                    return (attribute == "Arn").then(|| format!("{local}.arn()"));
                }
                let (method, returns) = api().structs.get(typed.as_ref()?)?.attributes.get(&attribute)?;
                // A `KmsKey`'s `arn()` is a key's ARN, typed by its grants too.
                let is_key = typed.as_deref() == Some("kms::Key") && !self.options.lenient && method == "arn";
                (is_key || returns.starts_with('@')).then(|| format!("{local}.{method}()"))
            }
            _ => None,
        }
    }

    /// Which of `kinds` (`T|K,…`) a value from outside the typed accessors is: the attribute an
    /// `Fn::GetAtt` reads where a kind of its type has that name; else an ARN kind for a value
    /// that is an ARN (`arn:…` text, an `Fn::GetAtt` of an `…Arn`, a parameter named `…Arn`), an
    /// alias kind for `alias/…` text, another kind for anything else; else the first.
    fn kind_of<'k>(&self, value: &J, kinds: &'k str) -> Option<(&'k str, &'k str)> {
        let kinds: Vec<(&str, &str)> = kinds.split(',').filter_map(|k| k.split_once('|')).collect();
        let first = *kinds.first()?;
        // The value's text as far as it is known before deployment.
        let text = match intrinsic(value) {
            Some(("Fn::GetAtt", arg)) => {
                let (id, attribute) = get_att_arg(arg)?;
                if let Some(Target::Resource(_, Some(path))) = self.targets.get(&id)
                    && let Some(exact) = kinds.iter().find(|(t, k)| t == path && *k == attribute)
                {
                    return Some(*exact);
                }
                let arn = attribute.ends_with("Arn") || attribute.ends_with("ARN");
                Some(if arn { "arn:" } else { "" })
            }
            Some(("Ref", J::String(name))) => match self.targets.get(name) {
                Some(Target::Parameter(..)) => {
                    let lower = name.to_lowercase();
                    Some(if lower.ends_with("arn") || lower.ends_with("arns") { "arn:" } else { "" })
                }
                _ => None,
            },
            Some(("Fn::Sub", J::String(text))) => Some(text.as_str()),
            Some(("Fn::Sub", J::Array(l))) => l.first().and_then(J::as_str),
            Some(("Fn::Join", J::Array(l))) => {
                l.get(1).and_then(J::as_array).and_then(|p| p.first()).and_then(J::as_str)
            }
            Some(_) => None,
            None => value.as_str(),
        };
        let is_arn = |k: &str| k.ends_with("Arn") || k.ends_with("ARN");
        let is_alias = |k: &str| k.starts_with("Alias");
        let Some(text) = text else { return Some(first) };
        let wanted: &dyn Fn(&str) -> bool = if text.starts_with("arn:") {
            &is_arn
        } else if text.starts_with("alias/") {
            &|k| is_alias(k) && !is_arn(k)
        } else {
            &|k| !is_arn(k) && !is_alias(k)
        };
        Some(
            kinds
                .iter()
                .copied()
                .find(|(_, k)| wanted(k))
                .or_else(|| kinds.iter().copied().find(|(_, k)| !is_arn(k) || text.starts_with("arn:")))
                .unwrap_or(first),
        )
    }

    /// `Fn::GetAtt` of a resource of the template: the typed handle's method where there is one.
    fn get_att(&mut self, id: &str, attribute: &str, ty: &str) -> Option<String> {
        if ty == "String"
            && let Some(accessor) = self.delivery(id, Some(attribute))
        {
            return Some(accessor.text);
        }
        if !self.targets.contains_key(id) {
            let created = self.created(id, &format!("get_att_unchecked({})", string(attribute)))?;
            return (ty == "String").then_some(created);
        }
        if self.buckets.contains_key(id) {
            return self.bucket_get_att(id, attribute, ty);
        }
        let Target::Resource(local, typed) = self.targets.get(id)? else { return None };
        if self.service_roles.contains_key(id) && !self.raw.contains_key(id) {
            // A `ServiceRole`'s ARN is typed by its service; as a plain string it is `.value()`.
            return (attribute == "Arn" && ty == "String").then(|| format!("{local}.arn().value()"));
        }
        match typed {
            Some(path) => {
                let (method, returns) = api().structs.get(path)?.attributes.get(attribute)?;
                let is_key = path == "kms::Key" && !self.options.lenient;
                if is_key && method == "arn" && ty == "String" {
                    // A `KmsKey`'s ARN is typed by its grants; as a plain string it is `.value()`.
                    return Some(format!("{local}.arn().value()"));
                }
                if returns.starts_with('@') && ty == "String" {
                    // A typed reference, where any text goes.
                    return Some(format!("{local}.{method}().into_value()"));
                }
                (returns == ty).then(|| format!("{local}.{method}()"))
            }
            None => (ty == "String").then(|| format!("{local}.get_att_unchecked({})", string(attribute))),
        }
    }

    /// `sub!("…", Name = value, …)`.
    fn sub(&mut self, arg: &J) -> Option<String> {
        let (text, given) = match arg {
            J::String(s) => (s.as_str(), None),
            J::Array(l) if l.len() == 2 => (l[0].as_str()?, Some(l[1].as_object()?)),
            _ => return None,
        };
        let mut variables = Vec::new();
        for (key, value) in given.into_iter().flatten() {
            // `sub!` writes a `Ref` or `Fn::GetAtt` into the string; one given in the map stays
            // there only through `fns::sub_with`, which the typed form does not use.
            if intrinsic(value).is_some_and(|(f, _)| f == "Ref" || f == "Fn::GetAtt") {
                return None;
            }
            variables.push(format!("{} = {}", key_name(key), self.branch(value, "String")?));
        }
        for name in variables_of(text) {
            if given.is_some_and(|g| g.contains_key(&name)) || name.starts_with("AWS::") {
                continue;
            }
            let expr = match name.split_once('.') {
                Some((id, attribute)) => self.get_att(id, attribute, "String")?,
                None => match self.targets.get(&name) {
                    Some(Target::Parameter(local, "String")) => format!("{local}.reference()"),
                    Some(Target::Parameter(..)) => return None,
                    Some(Target::Resource(local, _)) => handle_reference(local),
                    None => self.created(&name, "reference()")?,
                },
            };
            let entry = format!("{} = {expr}", key_name(&name));
            if !variables.contains(&entry) {
                variables.push(entry);
            }
        }
        let mut out = format!("sub!({}", string(text));
        for v in variables {
            let _ = write!(out, ", {v}");
        }
        out.push(')');
        Some(out)
    }

    /// A free-form JSON value: `json!` with the template's references as handle uses.
    pub fn json(&mut self, value: &J) -> String {
        format!("json!({})", self.json_inner(value))
    }

    fn json_inner(&mut self, value: &J) -> String {
        if let Some((function, arg)) = intrinsic(value)
            && function != "Condition"
            && let Some(expr) = self.intrinsic_expr(function, arg, "String")
        {
            return format!("{expr}.node().to_json_value()");
        }
        match value {
            J::Object(map) => {
                let items: Vec<String> =
                    map.iter().map(|(k, v)| format!("{}: {}", string(k), self.json_inner(v))).collect();
                format!("{{{}}}", items.join(", "))
            }
            J::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.json_inner(v)).collect();
                format!("[{}]", items.join(", "))
            }
            J::String(s) => string(s),
            other => other.to_string(),
        }
    }

    fn condition_expr(&mut self, value: &J) -> Option<String> {
        let (function, arg) = intrinsic(value)?;
        match function {
            "Condition" => Some(format!("ConditionExpr::from(&{})", self.conditions.get(arg.as_str()?)?)),
            "Fn::Equals" => {
                let l = arg.as_array().filter(|l| l.len() == 2)?;
                if l.iter().any(|v| v.is_boolean() || v.is_number()) {
                    // A YAML boolean or number compared as it is written (`[!Ref Flag, true]`):
                    // both sides as JSON values.
                    let mut sides = Vec::new();
                    for v in l {
                        sides.push(if v.is_boolean() || v.is_number() {
                            format!("Value::<Json>::from(json!({v}))")
                        } else {
                            let side = self.branch(v, "String").or_else(|| self.branch(v, "i64"))?;
                            format!("{side}.into_json()")
                        });
                    }
                    return Some(format!("fns::equals({}, {})", sides[0], sides[1]));
                }
                let a = self.branch(&l[0], "String")?;
                let b = self.branch(&l[1], "String")?;
                Some(format!("fns::equals({a}, {b})"))
            }
            "Fn::Not" => {
                let l = arg.as_array().filter(|l| l.len() == 1)?;
                Some(format!("fns::not({})", self.condition_expr(&l[0])?))
            }
            "Fn::And" | "Fn::Or" => {
                let items: Option<Vec<String>> = arg
                    .as_array()?
                    .iter()
                    .map(|c| self.condition_expr(c).map(|e| format!("ConditionExpr::from({e})")))
                    .collect();
                let f = if function == "Fn::And" { "and" } else { "or" };
                Some(format!("fns::{f}([{}])", items?.join(", ")))
            }
            _ => None,
        }
    }

    /// How `value` names a KMS key outside the template, where it is one of the ways whose key
    /// the program may assert grants of (`ExternalKey::from_arn(…)`): another stack's export, a
    /// parameter, or a literal KMS key ARN.
    pub(crate) fn outside_key(&self, value: &J) -> Option<&'static str> {
        match (value, intrinsic(value)) {
            (J::String(s), _) if s.starts_with("arn:") && s.contains(":kms:") => Some("a literal ARN"),
            (_, Some(("Fn::ImportValue", _))) => Some("another stack's export"),
            (_, Some(("Ref", J::String(name)))) if matches!(self.targets.get(name), Some(Target::Parameter(..))) => {
                Some("a parameter")
            }
            _ => None,
        }
    }

    /// A value for a hand-written guarded type: typed policies, keys, passwords.
    fn guarded_expr(&mut self, value: &J, guarded: &str) -> Option<String> {
        let kind = match guarded {
            "crate::policy::TrustPolicy" => "TrustPolicy",
            "crate::policy::IdentityPolicy" => "IdentityPolicy",
            "crate::policy::BucketPolicy" => "policy::BucketPolicy",
            "crate::policy::ResourcePolicy" => "policy::ResourcePolicy",
            // A log group's key: the key's typed ARN, which compiles only if its policy grants
            // CloudWatch Logs.
            "impl crate::proof::LogGroupKey" => {
                // A key outside the template, named by another stack's export, a parameter or
                // a literal ARN: its policy cannot be seen here, so the typed form asserts the
                // grant (`ExternalKey::…asserting_logs_grant()`), as a person writing the
                // program would; the final-template check still judges what it can see.
                if let Some(how) = self.outside_key(value) {
                    let arn = self.expr(value, "String")?;
                    self.asserted.insert(self.current.clone(), how);
                    return Some(format!("secure::ExternalKey::from_arn({arn}).asserting_logs_grant()"));
                }
                let (function, arg) = intrinsic(value)?;
                let l = arg.as_array()?;
                if function != "Fn::GetAtt" || l.get(1)?.as_str()? != "Arn" {
                    return None;
                }
                let Target::Resource(local, Some(path)) = self.targets.get(l[0].as_str()?)? else { return None };
                return (path == "kms::Key").then(|| format!("{local}.arn()"));
            }
            // A generated key's policy (`--lenient`): still the typed document, with the grants.
            g if g.starts_with("crate::proof::KeyPolicy<") => {
                let id = self.current.clone();
                return crate::policy::key_policy(self, &id, value).ok();
            }
            "impl crate::proof::MasterUsername" => {
                // Static text compiles; anything resolved at deploy time is refused by the type.
                return Some(match value {
                    J::String(s) => string(s),
                    _ => self.expr(value, "String")?,
                });
            }
            g if g.starts_with("impl crate::proof::AssumableBy<crate::proof::") => {
                // A role setter: the ARN of a `ServiceRole` of the service it names.
                let service = g.strip_prefix("impl crate::proof::AssumableBy<crate::proof::")?.strip_suffix('>')?;
                let (function, arg) = intrinsic(value)?;
                let l = arg.as_array()?;
                if function != "Fn::GetAtt" || l.get(1)?.as_str()? != "Arn" {
                    return None;
                }
                let role = l.first()?.as_str()?;
                if self.service_roles.get(role) != Some(&service) || self.raw.contains_key(role) {
                    return None;
                }
                let Target::Resource(local, _) = self.targets.get(role)? else { return None };
                return Some(format!("{local}.arn()"));
            }
            g if g.starts_with("impl crate::proof::RdsLogExports") => {
                let exports = self.exports.get(&self.current)?;
                let names = self
                    .template
                    .get("Resources")?
                    .get(&self.current)?
                    .pointer("/Properties/EnableCloudwatchLogsExports")?;
                return (names == value).then(|| format!("{}.clone()", exports.local));
            }
            "impl crate::proof::DatabasePassword" => {
                // The password of a typed `DatabaseSecret`, resolved as its credentials write it.
                for (id, (_, credentials)) in &self.credentials {
                    let resolved = cfn_model::intrinsics::dynamic::secrets_manager(
                        &cfn_model::intrinsics::dynamic::SecretId::InTemplate(id.clone()),
                        "password",
                    );
                    if &resolved.into_node().to_json_value() == value {
                        let expr = format!("{credentials}.password()");
                        self.typed_passwords.insert(self.current.clone(), id.clone());
                        return Some(expr);
                    }
                }
                return self.expr(value, "String");
            }
            _ => return None,
        };
        crate::policy::document(self, value, kind)
    }

    /// `KmsKey::new(policy)…`: a key whose type records the services its policy grants.
    fn kms_key(&mut self, id: &str, properties: &Map<String, J>) -> Result<String, String> {
        let policy = properties.get("KeyPolicy").ok_or("a key without a KeyPolicy")?;
        let policy = crate::policy::key_policy(self, id, policy)?;
        let mut out = format!("KmsKey::new({policy})");
        for (name, value) in properties {
            let (method, ty) = match name.as_str() {
                "KeyPolicy" => continue,
                "EnableKeyRotation" if value == &J::Bool(true) => continue,
                "Description" => ("description", "String"),
                "RotationPeriodInDays" => ("rotation_period_in_days", "i64"),
                "PendingWindowInDays" => ("pending_window_in_days", "i64"),
                "Tags" => {
                    let tags = self.key_tags(value).ok_or(format!("its `{name}` has no typed form"))?;
                    let _ = write!(out, ".tags([{tags}])");
                    continue;
                }
                _ => return Err(format!("its `{name}` has no place on `KmsKey`")),
            };
            let value = self.expr(value, ty).ok_or(format!("its `{name}` has no typed form"))?;
            let _ = write!(out, ".{method}({value})");
        }
        Ok(out)
    }

    /// A key's `Tags` (`[{Key, Value}, …]`, keys as text) as `KmsKey::tags` takes them: `(key,
    /// value), …`.
    fn key_tags(&mut self, value: &J) -> Option<String> {
        let mut pairs = Vec::new();
        for tag in value.as_array()? {
            let tag = tag.as_object().filter(|t| t.len() == 2)?;
            let key = tag.get("Key")?.as_str()?;
            let value = self.branch(tag.get("Value")?, "String")?;
            pairs.push(format!("({}, {value})", string(key)));
        }
        Some(pairs.join(", "))
    }

    /// `DatabaseSecret::new(user, key.arn()).password_length(n)` when `resource` is what that
    /// construct writes (its properties and attributes, compared as JSON with what the library
    /// builds) and its key's policy grants Secrets Manager as `KeyPolicy::grant_secrets_manager`
    /// writes it (the construct's type demands that grant); otherwise `None`, and the secret is
    /// the generated `Secret`.
    fn database_secret(&self, resources: &Map<String, J>, resource: &J) -> Option<(String, Map<String, J>)> {
        use cfn_model::secure::{DatabaseSecret, KeyPolicy, KmsKey};
        if resource.get("Type")?.as_str()? != "AWS::SecretsManager::Secret" {
            return None;
        }
        let properties = resource.get("Properties")?;
        let (function, arg) = intrinsic(properties.get("KmsKeyId")?)?;
        let target = arg.as_array()?;
        if function != "Fn::GetAtt" || target.get(1)?.as_str()? != "Arn" {
            return None;
        }
        let key_id = target.first()?.as_str()?;
        let key = resources.get(key_id)?;
        if key.get("Type")?.as_str()? != "AWS::KMS::Key" {
            return None;
        }
        let grants = crate::policy::key_grants(key.get("Properties")?.get("KeyPolicy")?);
        if !grants.contains(&"SecretsManagerGrant") {
            return None;
        }
        let generate = properties.get("GenerateSecretString")?;
        let shape: J = serde_json::from_str(generate.get("SecretStringTemplate")?.as_str()?).ok()?;
        let username = shape.get("username")?.as_str()?;
        let length = generate.get("PasswordLength")?.as_i64()?;
        // What the construct writes for this user name and length, its key renamed.
        let mut t = cfn_model::Template::new();
        let typed_key = t.add("Key", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
        t.build("Secret", DatabaseSecret::new(username, typed_key.arn()).password_length(length));
        let written: J = serde_json::from_str(&t.to_json().ok()?).ok()?;
        let mut written = written.get("Resources")?.get("Secret")?.clone();
        *written.get_mut("Properties")?.get_mut("KmsKeyId")? = serde_json::json!({ "Fn::GetAtt": [key_id, "Arn"] });
        let rest = same_but_properties(resource, &written)?;
        if rest.keys().any(|k| k == "GenerateSecretString" || k == "KmsKeyId" || k == "SecretString") {
            return None;
        }
        let Target::Resource(key_local, _) = self.targets.get(key_id)? else { return None };
        let expr =
            format!("secure::DatabaseSecret::new({}, {key_local}.arn()).password_length({length})", string(username));
        Some((expr, rest))
    }

    /// `RdsLogGroups::<Engine>::new(identifier, [logs], key.arn()).retention_in_days(n)` for a
    /// database whose `EnableCloudwatchLogsExports` names logs whose groups are what that
    /// construct writes (compared as JSON with what the library builds) with a key whose policy
    /// grants CloudWatch Logs: the construct's ID, its groups' IDs and its expression.
    fn rds_log_groups(
        &mut self,
        resources: &Map<String, J>,
        database: &J,
        read: &BTreeSet<String>,
    ) -> Option<(String, Vec<String>, String)> {
        let (kind, identifier_property) = match database.get("Type")?.as_str()? {
            "AWS::RDS::DBCluster" => (crate::rds::Kind::Cluster, "DBClusterIdentifier"),
            "AWS::RDS::DBInstance" => (crate::rds::Kind::Instance, "DBInstanceIdentifier"),
            _ => return None,
        };
        let properties = database.get("Properties")?;
        let engine = properties.get("Engine")?.as_str()?;
        let names: Vec<&str> =
            properties.get("EnableCloudwatchLogsExports")?.as_array()?.iter().map(J::as_str).collect::<Option<_>>()?;
        let identifier = properties.get(identifier_property)?;
        let parts = crate::rds::id_parts(&names)?;
        // The construct's ID: the groups are `<id><Log>`.
        let construct = resources.iter().find_map(|(id, r)| {
            let prefix = id.strip_suffix(parts.first()?)?;
            (r.get("Type")?.as_str()? == "AWS::Logs::LogGroup").then(|| prefix.to_owned())
        })?;
        let groups: Vec<String> = parts.iter().map(|p| format!("{construct}{p}")).collect();
        if groups.iter().any(|g| !resources.contains_key(g) || read.contains(g)) {
            return None;
        }
        let first = &resources[&groups[0]];
        let key_id = first.pointer("/Properties/KmsKeyId/Fn::GetAtt/0")?.as_str()?;
        let key_policy = resources.get(key_id)?.pointer("/Properties/KeyPolicy")?;
        if resources[key_id].get("Type")?.as_str()? != "AWS::KMS::Key"
            || !crate::policy::statements(key_policy)?.iter().any(|s| crate::policy::is_logs_grant(s))
        {
            return None;
        }
        let retention = first.pointer("/Properties/RetentionInDays")?.as_i64()?;
        let (engine_type, written) = crate::rds::written(kind, engine, &names, identifier, retention)?;
        for (group, part) in groups.iter().zip(&parts) {
            let mut expected = written.get(&format!("Logs{part}"))?.clone();
            *expected.pointer_mut("/Properties/KmsKeyId")? = serde_json::json!({ "Fn::GetAtt": [key_id, "Arn"] });
            if expected != resources[group] {
                return None;
            }
        }
        let Target::Resource(key_local, _) = self.targets.get(key_id)?.clone() else { return None };
        let identifier = self.expr(identifier, "String")?;
        let logs: Vec<String> = names.iter().map(|n| crate::rds::log_path(engine_type, n)).collect::<Option<_>>()?;
        let expr = format!(
            "secure::RdsLogGroups::<secure::{engine_type}>::new({identifier}, [{}], {key_local}.arn()).retention_in_days({retention})",
            logs.join(", ")
        );
        Some((construct, groups, expr))
    }

    /// Topics and queues encrypted with a key of the template, written as `EncryptedTopic` and
    /// `EncryptedQueue` write them (their policy `<id>Policy` holds the construct's statements for
    /// the key's grants, then any of the template's own), or delivered to by a service whose grant
    /// the key lacks (the typed form does not compile then, with the guard's message).
    fn recognise_encrypted(&mut self, resources: &Map<String, J>, locals: &mut Locals) {
        use crate::messaging::Kind;
        let uses = deliveries(resources);
        for (id, resource) in resources {
            let ty = resource.get("Type").and_then(J::as_str).unwrap_or_default();
            let Some(kind) = [Kind::Topic, Kind::Queue].into_iter().find(|k| k.types().0 == ty) else { continue };
            let Some(key) = resource.pointer("/Properties/KmsMasterKeyId/Fn::GetAtt").and_then(get_att_arg) else {
                continue;
            };
            let (key, attribute) = key;
            let key_policy = resources.get(&key).filter(|k| k.get("Type").and_then(J::as_str) == Some("AWS::KMS::Key"));
            let Some(key_policy) = key_policy.and_then(|k| k.pointer("/Properties/KeyPolicy")) else { continue };
            if attribute != "Arn" {
                continue;
            }
            let grants = crate::policy::key_grants(key_policy);
            let Some((written, written_policy)) = crate::messaging::written(kind, id, &key, &grants) else { continue };
            let policy_id = format!("{id}Policy");
            let policy =
                resources.get(&policy_id).filter(|p| p.get("Type").and_then(J::as_str) == Some(kind.types().1));
            let as_written = same_but_properties(resource, &written)
                .and_then(|rest| {
                    let extra = policy.and_then(|p| policy_extra(p, &written_policy))?;
                    Some((rest, extra))
                })
                .filter(|(rest, _)| rest.keys().all(|k| k != "KmsMasterKeyId"))
                // A statement of the template's own naming the topic or queue: the construct's
                // `statement` is written before its handle exists.
                .filter(|(_, extra)| {
                    let mut named = BTreeSet::new();
                    extra.iter().for_each(|s| references(&J::Object(s.clone()), &mut named));
                    !named.contains(id)
                });
            let subscribed = kind == Kind::Queue
                && resources.values().any(|r| {
                    r.get("Type").and_then(J::as_str) == Some("AWS::SNS::Subscription")
                        && r.pointer("/Properties/Endpoint/Fn::GetAtt").and_then(get_att_arg)
                            == Some((id.clone(), "Arn".to_owned()))
                });
            let fails = uses.iter().any(|u| &u.target == id && u.kind == kind && !grants.contains(&u.grant))
                || subscribed && !grants.contains(&"SnsToQueues");
            let kept = as_written.is_some()
                || uses.iter().any(|u| &u.target == id && u.kind == kind && !grants.contains(&u.grant));
            let (rest, extra) = match as_written {
                Some(found) => found,
                None if fails => {
                    let mut rest = resource.get("Properties").and_then(J::as_object).cloned().unwrap_or_default();
                    rest.shift_remove("KmsMasterKeyId");
                    (rest, Vec::new())
                }
                None => continue,
            };
            let handles = locals.fresh(id, "_handles");
            if policy.is_some() {
                self.parts.insert(policy_id, (id.clone(), format!("{handles}.policy.clone()")));
            }
            let subscriptions = Vec::new();
            let encrypted = Encrypted { kind, key, grants, handles, rest, extra, subscriptions, kept };
            self.encrypted.insert(id.clone(), encrypted);
        }
    }

    /// A queue's subscriptions to encrypted topics written as `EncryptedQueue::subscribe_to` writes
    /// them (`<queue>Subscription`, `<queue>Subscription2`, …: protocol `sqs`, the queue's ARN as
    /// endpoint, created after the queue's policy), named by nothing else: taken into the queue's
    /// construct, which then requires its key to let SNS in.
    fn recognise_subscriptions(&mut self, resources: &Map<String, J>) {
        let queues: Vec<String> = self
            .encrypted
            .iter()
            .filter(|(_, e)| e.kind == crate::messaging::Kind::Queue)
            .map(|(id, _)| id.clone())
            .collect();
        let mut named = BTreeSet::new();
        for (_, r) in resources {
            let mut refs = BTreeSet::new();
            references(r, &mut refs);
            named.extend(refs);
        }
        for queue in queues {
            for n in 1.. {
                let id = if n == 1 { format!("{queue}Subscription") } else { format!("{queue}Subscription{n}") };
                let Some(subscription) = resources.get(&id) else { break };
                let topic = subscription.pointer("/Properties/TopicArn/Ref").and_then(J::as_str).unwrap_or_default();
                let expected = serde_json::json!({
                    "Type": "AWS::SNS::Subscription",
                    "Properties": {
                        "Protocol": "sqs",
                        "TopicArn": {"Ref": topic},
                        "Endpoint": {"Fn::GetAtt": [queue, "Arn"]},
                    },
                    "DependsOn": format!("{queue}Policy"),
                });
                let mut have = subscription.clone();
                if let Some(J::Array(one)) = have.get("DependsOn").cloned()
                    && one.len() == 1
                {
                    have["DependsOn"] = one[0].clone();
                }
                let topic_encrypted =
                    self.encrypted.get(topic).is_some_and(|t| t.kind == crate::messaging::Kind::Topic);
                if have != expected || !topic_encrypted || named.contains(&id) {
                    break;
                }
                self.parts.insert(id, (queue.clone(), String::new()));
                if let Some(encrypted) = self.encrypted.get_mut(&queue) {
                    encrypted.subscriptions.push(topic.to_owned());
                }
            }
        }
    }

    /// Trails written as `AuditTrail` writes them into a `TrailBucket` (the bucket, its policy and
    /// the trail compared as JSON with what the library builds for their logical IDs), whatever
    /// the key's policy grants: where it lacks CloudTrail's or S3's grant the program does not
    /// compile, with the guard's message.
    fn recognise_trails(&mut self, resources: &Map<String, J>, locals: &mut Locals) {
        for (id, resource) in resources {
            if resource.get("Type").and_then(J::as_str) != Some("AWS::CloudTrail::Trail") {
                continue;
            }
            if let Some(trail) = self.audit_trail(resources, id, resource, locals) {
                let policy = format!("{}Policy", trail.bucket);
                self.parts.insert(policy, (trail.bucket.clone(), format!("{}.policy.clone()", trail.bucket_handles)));
                if trail.logs.is_some() {
                    // Written by the trail, with no handle of their own (nothing else names them).
                    for part in [format!("{id}LogsPolicy"), format!("{id}LogsRole")] {
                        self.parts.insert(part, (trail.bucket.clone(), String::new()));
                    }
                }
                self.trails.insert(id.clone(), trail);
            }
        }
    }

    fn audit_trail(&self, resources: &Map<String, J>, id: &str, resource: &J, locals: &mut Locals) -> Option<Trail> {
        let properties = resource.get("Properties")?.as_object()?;
        let bucket = properties.get("S3BucketName")?.get("Ref")?.as_str()?.to_owned();
        let (key, attribute) = get_att_arg(properties.get("KMSKeyId")?.get("Fn::GetAtt")?)?;
        if attribute != "Arn" || resources.get(&key)?.get("Type")?.as_str()? != "AWS::KMS::Key" {
            return None;
        }
        if resources.get(&bucket)?.get("Type")?.as_str()? != "AWS::S3::Bucket" {
            return None;
        }
        let topic = match properties.get("SnsTopicName") {
            None => None,
            Some(value) => {
                let topic = value.get("Ref")?.as_str()?;
                let encrypted = self.encrypted.get(topic)?;
                Some((topic.to_owned(), encrypted.key.clone()))
            }
        };
        // The log group it delivers to: an `EncryptedLogGroup` (its handle has `arn()` only).
        let logs = match properties.get("CloudWatchLogsLogGroupArn") {
            None => None,
            Some(value) => {
                let (group, attribute) = get_att_arg(value.get("Fn::GetAtt")?)?;
                let group_resource = resources.get(&group)?;
                if attribute != "Arn" || group_resource.get("Type")?.as_str()? != "AWS::Logs::LogGroup" {
                    return None;
                }
                let (group_key, attribute) = get_att_arg(group_resource.pointer("/Properties/KmsKeyId/Fn::GetAtt")?)?;
                if attribute != "Arn" || resources.get(&group_key)?.get("Type")?.as_str()? != "AWS::KMS::Key" {
                    return None;
                }
                Some((group, group_key))
            }
        };
        // The construct's handles: the bucket's is a `TrailBucket`'s and the group's an
        // `EncryptedLogGroup`'s, whose attributes nothing else may read (a `Ref` is as ever);
        // the role and policy the trail writes for its log group have none.
        let policy_id = format!("{bucket}Policy");
        let (logs_policy, logs_role) = (format!("{id}LogsPolicy"), format!("{id}LogsRole"));
        let construct = [id, policy_id.as_str(), logs_policy.as_str(), logs_role.as_str()];
        let mut outside = Vec::new();
        let mut named = BTreeSet::new();
        for (section, value) in self.template {
            match (section.as_str(), value) {
                ("Resources", J::Object(all)) => {
                    for (_, r) in all.iter().filter(|(other, _)| !construct.contains(&other.as_str())) {
                        attributes_read(r, &mut outside);
                        references(r, &mut named);
                    }
                }
                ("Outputs" | "Conditions" | "Metadata", v) => {
                    attributes_read(v, &mut outside);
                    references(v, &mut named);
                }
                _ => {}
            }
        }
        let read_outside = |r: &str| outside.iter().any(|(read, _)| read == r);
        if read_outside(&bucket) || logs.as_ref().is_some_and(|(g, _)| read_outside(g)) {
            return None;
        }
        if logs.is_some() && (named.contains(&logs_policy) || named.contains(&logs_role)) {
            return None;
        }
        let written = |data_events: bool| {
            crate::messaging::trail_written(&crate::messaging::TrailShape {
                trail: id,
                bucket: &bucket,
                key: &key,
                topic: topic.as_ref().map(|(t, k)| (t.as_str(), k.as_str())),
                logs: logs.as_ref().map(|(g, k)| (g.as_str(), k.as_str())),
                data_events,
            })
        };
        let with_data_events = written(true)?.trail;
        let data_events = with_data_events.pointer("/Properties/EventSelectors") == properties.get("EventSelectors");
        let written = written(data_events)?;
        if resources.get(&policy_id)? != &written.bucket_policy {
            return None;
        }
        for (part, written) in written.logs.clone() {
            let mut have = resources.get(&part)?.clone();
            let mut want = written;
            for r in [&mut have, &mut want] {
                if let Some(J::String(one)) = r.get("DependsOn").cloned() {
                    r["DependsOn"] = J::Array(vec![J::String(one)]);
                }
            }
            if have != want {
                return None;
            }
        }
        let bucket_rest = same_but_properties(&resources[&bucket], &written.bucket)?;
        let rest = same_but_properties(resource, &written.trail)?;
        const PINNED: [&str; 5] =
            ["S3BucketName", "KMSKeyId", "EnableLogFileValidation", "SnsTopicName", "CloudWatchLogsLogGroupArn"];
        if rest.keys().any(|k| PINNED.contains(&k.as_str()) || k == "CloudWatchLogsRoleArn") {
            return None;
        }
        let bucket_handles = locals.fresh(&bucket, "_handles");
        let topic = topic.map(|(t, _)| t);
        let logs = logs.map(|(g, _)| g);
        Some(Trail { bucket, key, bucket_handles, bucket_rest, rest, topic, logs, data_events })
    }

    /// `secure::EncryptedTopic::new(key.arn()).configure(|r| r…).statement(…)…`.
    fn encrypted_expr(&mut self, encrypted: &Encrypted) -> Result<String, String> {
        let (construct, _, path) = encrypted.kind.construct();
        let Some(Target::Resource(key, _)) = self.targets.get(&encrypted.key).cloned() else {
            return Err("its key is not a resource of the template".to_owned());
        };
        let mut out = format!("{construct}::new({key}.arn())");
        let setters = self.setters(path, &encrypted.rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
        if !setters.is_empty() {
            let _ = write!(out, ".configure(|r| r{setters})");
        }
        for statement in &encrypted.extra {
            let statement = crate::policy::statement(self, statement, true)
                .ok_or("a statement of its policy with no typed form".to_owned())?;
            let _ = write!(out, ".statement({statement})");
        }
        for topic in &encrypted.subscriptions {
            let handles = self.encrypted.get(topic).map(|t| t.handles.clone()).ok_or("its topic is not typed")?;
            let _ = write!(out, ".subscribe_to(&{handles})");
        }
        Ok(out)
    }

    /// `secure::EncryptedLogGroup::new(key.arn()).configure(|r| r…)`: a trail's log group.
    fn encrypted_log_group_expr(&mut self, properties: &Map<String, J>) -> Result<String, String> {
        let key = properties.get("KmsKeyId").and_then(|k| k.get("Fn::GetAtt")).and_then(get_att_arg);
        let Some(Target::Resource(key, _)) = key.and_then(|(k, _)| self.targets.get(&k).cloned()) else {
            return Err("its key is not a resource of the template".to_owned());
        };
        let mut rest = properties.clone();
        rest.shift_remove("KmsKeyId");
        let setters = self.setters("logs::LogGroup", &rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
        let mut out = format!("secure::EncryptedLogGroup::new({key}.arn())");
        if !setters.is_empty() {
            let _ = write!(out, ".configure(|r| r{setters})");
        }
        Ok(out)
    }

    /// `secure::TrailBucket::new(key.arn()).configure(|r| r…)`.
    fn trail_bucket_expr(&mut self, trail: &Trail) -> Result<String, String> {
        let Some(Target::Resource(key, _)) = self.targets.get(&trail.key).cloned() else {
            return Err("its key is not a resource of the template".to_owned());
        };
        let mut out = format!("secure::TrailBucket::new({key}.arn())");
        let mut rest = trail.bucket_rest.clone();
        out.push_str(&self.access_logs_to(&mut rest));
        let setters = self.setters("s3::Bucket", &rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
        if !setters.is_empty() {
            let _ = write!(out, ".configure(|r| r{setters})");
        }
        Ok(out)
    }

    /// `secure::AuditTrail::new(&bucket, key.arn())…`.
    fn trail_expr(&mut self, trail: &Trail) -> Result<String, String> {
        let Some(Target::Resource(key, _)) = self.targets.get(&trail.key).cloned() else {
            return Err("its key is not a resource of the template".to_owned());
        };
        // `AuditTrail` and `TrailBucket` are built with these services.
        self.features.extend(["cloudtrail", "s3", "iam", "logs"].map(str::to_owned));
        let mut out = format!("secure::AuditTrail::new(&{}, {key}.arn())", trail.bucket_handles);
        if trail.data_events {
            out.push_str(".log_all_s3_data_events()");
        }
        if let Some(topic) = trail.topic.as_ref().and_then(|t| self.encrypted.get(t)) {
            let _ = write!(out, ".notify(&{})", topic.handles);
        }
        if let Some(Target::Resource(group, _)) = trail.logs.as_ref().and_then(|g| self.targets.get(g)) {
            let _ = write!(out, ".cloudwatch_logs(&{group})");
        }
        let setters =
            self.setters("cloudtrail::Trail", &trail.rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
        if !setters.is_empty() {
            let _ = write!(out, ".configure(|r| r{setters})");
        }
        Ok(out)
    }

    /// The guarded accessor of an encrypted topic's or queue's handles for the property being
    /// written (`alarm_action()` in an alarm's actions, `rule_target()` as a rule target's `Arn`,
    /// …), which compiles only if the key's type records the delivering service's grant.
    fn delivery(&self, target: &str, attribute: Option<&str>) -> Option<Accessor> {
        if self.buckets.contains_key(target) {
            return self.bucket_delivery(target, attribute);
        }
        let encrypted = self.encrypted.get(target)?;
        let ty = self.template.get("Resources")?.get(&self.current)?.get("Type")?.as_str()?;
        let read = match encrypted.kind {
            crate::messaging::Kind::Topic => attribute.is_none(),
            crate::messaging::Kind::Queue => attribute == Some("Arn"),
        };
        if !read {
            return None;
        }
        let row = DELIVERIES.iter().find(|d| {
            d.kind == encrypted.kind
                && d.resource == ty
                && self.at.iter().map(String::as_str).eq(d.path.iter().copied())
        })?;
        let expr = format!("{}.{}()", encrypted.handles, row.accessor);
        let text = match encrypted.kind {
            crate::messaging::Kind::Topic => format!("{expr}.into_value()"),
            crate::messaging::Kind::Queue => format!("Value::<String>::from({expr})"),
        };
        Some(Accessor { expr, text })
    }

    /// What the compiler will say about deliveries to encrypted topics and queues whose key lacks
    /// the delivering service's grant, and about audit trails whose key lacks CloudTrail's or S3's.
    fn delivery_findings(&mut self, resources: &Map<String, J>) {
        for delivery in deliveries(resources) {
            let Some(encrypted) = self.encrypted.get(&delivery.target) else { continue };
            if encrypted.kind != delivery.kind || encrypted.grants.contains(&delivery.grant) {
                continue;
            }
            let message = format!(
                "`this KMS key's policy lacks the `{grant}` statement`: {user} delivers to {target}, encrypted with the key {key}, whose policy does not let the service use it, so the messages are dropped without an error; add `.grant({grant})` to the key's policy",
                grant = delivery.grant,
                user = delivery.user,
                target = delivery.target,
                key = encrypted.key,
            );
            self.finding(&delivery.user.clone(), message);
        }
        let subscribed: Vec<(String, String)> = self
            .encrypted
            .iter()
            .filter(|(_, e)| !e.subscriptions.is_empty() && !e.grants.contains(&"SnsToQueues"))
            .map(|(id, e)| (id.clone(), e.key.clone()))
            .collect();
        for (queue, key) in subscribed {
            self.finding(&queue, format!("`this KMS key's policy lacks the `SnsToQueues` statement`: the queue {queue} is subscribed to topics, and its key {key} does not let SNS use it, so the messages are dropped without an error; add `.grant(SnsToQueues)` to the key's policy"));
        }
        let trails: Vec<(String, Trail)> = self.trails.iter().map(|(id, t)| (id.clone(), t.clone())).collect();
        for (id, trail) in trails {
            let Some(policy) = resources.get(&trail.key).and_then(|k| k.pointer("/Properties/KeyPolicy")) else {
                continue;
            };
            let grants = crate::policy::key_grants(policy);
            if !grants.contains(&"CloudTrailGrant") {
                self.finding(&id, format!("`this KMS key's policy lacks the `CloudTrailGrant` statement`: CloudTrail may not encrypt the trail's log files with the key {}, so creating the trail fails (InsufficientEncryptionPolicyException); add `.grant(CloudTrailGrant)` to the key's policy", trail.key));
            }
            if !grants.contains(&"S3Grant") {
                self.finding(&trail.bucket, format!("`this KMS key's policy lacks the `S3Grant` statement`: the trail bucket's key {} does not let S3 use it; add `.grant_s3()` to the key's policy", trail.key));
            }
        }
    }

    /// Whether resource `id` is typed with a `DatabaseSecret`'s password, and with `RdsLogGroups`'
    /// exports (both compile).
    pub fn typed_database(&self, id: &str) -> (bool, bool) {
        let typed = !self.raw.contains_key(id);
        let password = self.typed_passwords.get(id).is_some_and(|secret| self.credentials.contains_key(secret));
        (typed && password, typed && self.exports.contains_key(id))
    }

    /// The local of the condition named `name`.
    pub fn condition_local(&self, name: &str) -> Option<String> {
        self.conditions.get(name).cloned()
    }

    /// The logical ID of the resource of the template that creates `name` when the stack is
    /// deployed, which the template does not declare: an AWS SAM resource (`<Function>Role`,
    /// under the SAM transform) or a module (`<Module><Resource>`), the longest such ID `name`
    /// starts with.
    /// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html>
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/module-ref-resources.html>
    fn creator(&self, name: &str) -> Option<String> {
        let resources = section(self.template, "Resources")?;
        if resources.contains_key(name) {
            return None;
        }
        let transform = self.template.contains_key("Transform");
        resources
            .iter()
            .filter(|(id, resource)| {
                let ty = resource_type(resource).unwrap_or_default();
                name.len() > id.len()
                    && name.starts_with(id.as_str())
                    && (ty.ends_with("::MODULE") || transform && ty.starts_with("AWS::Serverless::"))
            })
            .max_by_key(|(id, _)| id.len())
            .map(|(id, _)| id.clone())
    }

    /// `creator.created_resource("Suffix").{access}` for a resource of that name a SAM resource
    /// or a module of the template creates; noted above the statement.
    fn created(&mut self, name: &str, access: &str) -> Option<String> {
        let creator = self.creator(name)?;
        let Some(Target::Resource(local, None)) = self.targets.get(&creator).cloned() else { return None };
        let suffix = &name[creator.len()..];
        self.note(&format!(
            "`{name}` is a resource `{creator}` creates when the stack is deployed, which this template does not declare: `created_resource` names it"
        ));
        Some(format!("{local}.created_resource({}).{access}", string(suffix)))
    }

    fn note(&mut self, text: &str) {
        if !self.notes.iter().any(|n| n == text) {
            self.notes.push(text.to_owned());
        }
    }

    /// The notes gathered while writing a statement, as comments above it.
    fn write_notes(&mut self, out: &mut String) {
        for note in self.notes.drain(..) {
            let _ = writeln!(out, "// {note}.");
        }
    }

    /// Records what the compiler will report about the imported program.
    pub fn finding(&mut self, resource: &str, message: String) {
        self.findings.push(Finding { resource: resource.to_owned(), message });
    }
}

fn resource_type(resource: &J) -> Option<&str> {
    resource.get("Type").and_then(J::as_str)
}

/// Whether a resource type is a custom resource's.
fn is_custom(ty: &str) -> bool {
    ty.starts_with("Custom::") || ty == "AWS::CloudFormation::CustomResource"
}

/// `Fn::GetAtt`'s argument, `[Id, Attribute]` or `Id.Attribute`.
fn get_att_arg(arg: &J) -> Option<(String, String)> {
    match arg {
        J::Array(l) if l.len() == 2 => Some((l[0].as_str()?.to_owned(), l[1].as_str()?.to_owned())),
        J::String(s) => s.split_once('.').map(|(a, b)| (a.to_owned(), b.to_owned())),
        _ => None,
    }
}

/// A guarded accessor: as the typed setter takes it, and as text where any text goes.
struct Accessor {
    expr: String,
    text: String,
}

/// A way a service delivers to an encrypted topic or queue: the resource type and the property
/// path that name it, the accessor of the construct's handles that gives it, and the grant that
/// accessor requires of the key's type.
struct Delivery {
    kind: crate::messaging::Kind,
    resource: &'static str,
    path: &'static [&'static str],
    accessor: &'static str,
    grant: &'static str,
}

const DELIVERIES: [Delivery; 11] = {
    use crate::messaging::Kind::{Queue, Topic};
    const fn row(
        kind: crate::messaging::Kind,
        resource: &'static str,
        path: &'static [&'static str],
        accessor: &'static str,
        grant: &'static str,
    ) -> Delivery {
        Delivery { kind, resource, path, accessor, grant }
    }
    [
        row(Topic, "AWS::CloudWatch::Alarm", &["AlarmActions"], "alarm_action", "CloudWatchToTopics"),
        row(Topic, "AWS::CloudWatch::Alarm", &["OKActions"], "alarm_action", "CloudWatchToTopics"),
        row(Topic, "AWS::CloudWatch::Alarm", &["InsufficientDataActions"], "alarm_action", "CloudWatchToTopics"),
        row(Topic, "AWS::CloudWatch::CompositeAlarm", &["AlarmActions"], "alarm_action", "CloudWatchToTopics"),
        row(Topic, "AWS::CloudWatch::CompositeAlarm", &["OKActions"], "alarm_action", "CloudWatchToTopics"),
        row(Topic, "AWS::Events::Rule", &["Targets", "Arn"], "rule_target", "EventBridgeToTopics"),
        row(Queue, "AWS::Events::Rule", &["Targets", "Arn"], "rule_target", "EventBridgeToQueues"),
        row(
            Topic,
            "AWS::S3::Bucket",
            &["NotificationConfiguration", "TopicConfigurations", "Topic"],
            "notification_target",
            "S3ToTopics",
        ),
        row(
            Queue,
            "AWS::S3::Bucket",
            &["NotificationConfiguration", "QueueConfigurations", "Queue"],
            "notification_target",
            "S3ToQueues",
        ),
        row(Topic, "AWS::CloudTrail::Trail", &["SnsTopicName"], "trail_notifications", "CloudTrailToTopics"),
        row(
            Topic,
            "AWS::Budgets::Budget",
            &["NotificationsWithSubscribers", "Subscribers", "Address"],
            "budget_subscriber",
            "BudgetsToTopics",
        ),
    ]
};

/// A delivery of the template: who delivers, to which topic or queue, needing which grant.
struct Use {
    user: String,
    target: String,
    kind: crate::messaging::Kind,
    grant: &'static str,
}

/// The values at `path` below `value`, through lists (a delivery's property in each item of a
/// list of targets).
pub(crate) fn values_at<'v>(value: &'v J, path: &[&str], out: &mut Vec<&'v J>) {
    match (value, path.split_first()) {
        (J::Array(items), _) => items.iter().for_each(|i| values_at(i, path, out)),
        (_, None) => out.push(value),
        (J::Object(map), Some((first, rest))) => {
            if let Some(v) = map.get(*first) {
                values_at(v, rest, out);
            }
        }
        _ => {}
    }
}

/// Every delivery of [`DELIVERIES`] the template's resources make (a `Ref` of a topic, an
/// `Fn::GetAtt` of a queue's `Arn`).
fn deliveries(resources: &Map<String, J>) -> Vec<Use> {
    let mut out = Vec::new();
    for (user, resource) in resources {
        let ty = resource.get("Type").and_then(J::as_str).unwrap_or_default();
        let Some(properties) = resource.get("Properties") else { continue };
        for row in DELIVERIES.iter().filter(|d| d.resource == ty) {
            let mut values = Vec::new();
            values_at(properties, row.path, &mut values);
            for value in values {
                let target = match row.kind {
                    crate::messaging::Kind::Topic => value.get("Ref").and_then(J::as_str).map(str::to_owned),
                    crate::messaging::Kind::Queue => value
                        .get("Fn::GetAtt")
                        .and_then(get_att_arg)
                        .filter(|(_, attribute)| attribute == "Arn")
                        .map(|(id, _)| id),
                };
                if let Some(target) = target {
                    out.push(Use { user: user.clone(), target, kind: row.kind, grant: row.grant });
                }
            }
        }
    }
    out
}

/// Where `resource` is `written` but for properties it sets besides (or in place of) those the
/// construct writes: those properties, for `configure`. `None` when its other entries (`Type`,
/// attributes) differ or a property the construct writes is missing.
fn same_but_properties(resource: &J, written: &J) -> Option<Map<String, J>> {
    let (resource, written) = (resource.as_object()?, written.as_object()?);
    let entries = |m: &Map<String, J>| {
        let mut m = m.clone();
        m.shift_remove("Properties");
        if let Some(J::String(one)) = m.get("DependsOn").cloned() {
            m.insert("DependsOn".to_owned(), J::Array(vec![J::String(one)]));
        }
        m
    };
    if entries(resource) != entries(written) {
        return None;
    }
    let empty = Map::new();
    let properties = resource.get("Properties").and_then(J::as_object).unwrap_or(&empty);
    let expected = written.get("Properties").and_then(J::as_object).unwrap_or(&empty);
    if expected.keys().any(|k| !properties.contains_key(k)) {
        return None;
    }
    Some(properties.iter().filter(|(k, v)| expected.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// The statements of a topic's or queue's policy after those the construct writes, when the
/// policy resource is the construct's but for them; `None` otherwise.
fn policy_extra(policy: &J, written: &J) -> Option<Vec<Map<String, J>>> {
    let statements = |p: &J| p.pointer("/Properties/PolicyDocument/Statement")?.as_array().cloned();
    let (have, want) = (statements(policy)?, statements(written)?);
    if have.len() < want.len() || have[..want.len()] != want[..] {
        return None;
    }
    let mut rest = policy.clone();
    *rest.pointer_mut("/Properties/PolicyDocument/Statement")? = J::Array(want);
    if &rest != written {
        return None;
    }
    have[written_len(written)?..].iter().map(|s| s.as_object().cloned()).collect()
}

fn written_len(written: &J) -> Option<usize> {
    Some(written.pointer("/Properties/PolicyDocument/Statement")?.as_array()?.len())
}

/// The single place a handle becomes a `Ref`: typed references (a setter that takes the handle
/// of the resource type it names) change this one function.
fn handle_reference(local: &str) -> String {
    format!("{local}.reference()")
}

/// A `sub!` variable's name: an identifier, or a string for `Name.Attribute`.
fn key_name(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.starts_with(|c: char| c.is_ascii_digit()) {
        name.to_owned()
    } else {
        string(name)
    }
}

/// The `${…}` variables of an `Fn::Sub` string (not `${!…}`, which is literal text).
fn variables_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.starts_with('!') && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &rest[end + 1..];
    }
    out
}

/// The `Fn::GetAtt` (and `${Id.Attribute}`) reads of a value: (logical ID, attribute).
fn attributes_read(value: &J, out: &mut Vec<(String, String)>) {
    match value {
        J::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("Fn::GetAtt", J::Array(l)) if l.len() == 2 => {
                        if let (Some(a), Some(b)) = (l[0].as_str(), l[1].as_str()) {
                            out.push((a.to_owned(), b.to_owned()));
                        }
                    }
                    ("Fn::GetAtt", J::String(s)) => {
                        if let Some((a, b)) = s.split_once('.') {
                            out.push((a.to_owned(), b.to_owned()));
                        }
                    }
                    ("Fn::Sub", J::String(s)) => {
                        out.extend(
                            variables_of(s)
                                .into_iter()
                                .filter_map(|n| n.split_once('.').map(|(a, b)| (a.to_owned(), b.to_owned()))),
                        );
                    }
                    ("Fn::Sub", J::Array(l)) if !l.is_empty() => {
                        if let Some(s) = l[0].as_str() {
                            out.extend(
                                variables_of(s)
                                    .into_iter()
                                    .filter_map(|n| n.split_once('.').map(|(a, b)| (a.to_owned(), b.to_owned()))),
                            );
                        }
                    }
                    _ => {}
                }
                attributes_read(v, out);
            }
        }
        J::Array(items) => items.iter().for_each(|i| attributes_read(i, out)),
        _ => {}
    }
}

/// The logical IDs a value names through `Ref`, `Fn::GetAtt` or `Fn::Sub`.
pub fn references(value: &J, out: &mut BTreeSet<String>) {
    match value {
        J::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("Ref", J::String(s)) => {
                        out.insert(s.clone());
                    }
                    ("Fn::GetAtt", J::Array(l)) if !l.is_empty() => {
                        if let Some(s) = l[0].as_str() {
                            out.insert(s.to_owned());
                        }
                    }
                    ("Fn::GetAtt", J::String(s)) => {
                        out.insert(s.split('.').next().unwrap_or_default().to_owned());
                    }
                    ("Fn::Sub", J::String(s)) => {
                        out.extend(
                            variables_of(s).into_iter().map(|n| n.split('.').next().unwrap_or_default().to_owned()),
                        );
                    }
                    ("Fn::Sub", J::Array(l)) if !l.is_empty() => {
                        if let Some(s) = l[0].as_str() {
                            out.extend(
                                variables_of(s).into_iter().map(|n| n.split('.').next().unwrap_or_default().to_owned()),
                            );
                        }
                    }
                    _ => {}
                }
                if key == "DependsOn" {
                    match v {
                        J::String(s) => {
                            out.insert(s.clone());
                        }
                        J::Array(l) => out.extend(l.iter().filter_map(J::as_str).map(str::to_owned)),
                        _ => {}
                    }
                }
                references(v, out);
            }
        }
        J::Array(items) => items.iter().for_each(|i| references(i, out)),
        _ => {}
    }
}

/// The Rust type a value type stands for in `Value::<T>::from`.
fn rust_type(ty: &str) -> String {
    if ty.starts_with('!') {
        return "String".to_owned();
    }
    let words: Vec<String> = ty
        .split_inclusive(['<', '>'])
        .map(|w| {
            let (name, sep) = w.split_at(w.trim_end_matches(['<', '>']).len());
            let name = match name {
                "" | "String" | "i64" | "f64" | "bool" | "Vec" => name.to_owned(),
                n if n.starts_with("crate::") => n.replacen("crate::", "", 1),
                n => format!("resources::{n}"),
            };
            format!("{name}{sep}")
        })
        .collect();
    words.concat()
}

/// `Parameter::…()` for a parameter, with the value type its `Ref` gives.
/// A parameter's field name in a `#[derive(Parameters)]` struct: the logical ID in snake case
/// (`EnvironmentSuffix` is `environment_suffix`), or where the derive's PascalCase of that is not
/// the logical ID again, each capital its own word (`VPCId` is `v_p_c_id`).
fn field_name(id: &str) -> String {
    let snake = crate::names::snake(id);
    if cfn_names::parameter_id(&snake) == id {
        return snake;
    }
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The fields and the values of a `#[derive(Parameters)]` struct holding every parameter, when
/// each is a `String`, a `Number` with a whole default or a `CommaDelimitedList`, with a
/// `Default`, and nothing but a one-line `Description` besides (a derived field carries no
/// constraint as written, and every derived parameter has its default); `None` otherwise, and
/// the builders write them.
fn derived_parameters(parameters: &Map<String, J>) -> Option<(String, String)> {
    let (mut fields, mut values) = (String::new(), String::new());
    for (id, parameter) in parameters {
        let field = field_name(id);
        let identifier = field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && field.starts_with(|c: char| c.is_ascii_lowercase())
            && !crate::names::is_keyword(&field);
        if !identifier || cfn_names::parameter_id(&field) != *id {
            return None;
        }
        let map = parameter.as_object()?;
        if map.keys().any(|k| !["Type", "Default", "Description"].contains(&k.as_str())) {
            return None;
        }
        let default = map.get("Default")?;
        let (ty, value) = match (map.get("Type")?.as_str()?, default) {
            ("String", J::String(s)) => ("String", format!("{}.to_owned()", string(s))),
            ("Number", J::Number(n)) if n.is_i64() => ("i64", n.to_string()),
            ("Number", J::String(s)) if s.parse::<i64>().is_ok_and(|n| n.to_string() == *s) => ("i64", s.clone()),
            ("CommaDelimitedList", J::String(s)) => {
                let items: Vec<String> = s.split(',').map(|i| format!("{}.to_owned()", string(i))).collect();
                ("Vec<String>", format!("vec![{}]", items.join(", ")))
            }
            _ => return None,
        };
        if let Some(description) = map.get("Description") {
            let text = description.as_str()?;
            // The derive joins a doc comment's lines and trims them: only a one-line description
            // without surrounding space is written back as it stands.
            if text.is_empty() || text.contains(['\n', '\r', '"', '\\']) || text.trim() != text {
                return None;
            }
            let _ = writeln!(fields, "    #[doc = {}]", string(text));
        }
        let _ = writeln!(fields, "    {field}: {ty},");
        let _ = write!(values, "{field}: {value}, ");
    }
    Some((fields, values))
}

fn parameter_expr(parameter: &J) -> Option<(String, &'static str)> {
    let ty = parameter.get("Type")?.as_str()?;
    let (mut out, kind) = match ty {
        "String" => ("Parameter::string()".to_owned(), "String"),
        "Number" => ("Parameter::number()".to_owned(), "i64"),
        "CommaDelimitedList" => ("Parameter::comma_delimited_list()".to_owned(), "Vec<String>"),
        "List<String>" => ("Parameter::string_list()".to_owned(), "Vec<String>"),
        "List<Number>" => ("Parameter::number_list()".to_owned(), "Vec<String>"),
        "AWS::SSM::Parameter::Name" => ("Parameter::ssm_parameter_name()".to_owned(), "String"),
        "AWS::SSM::Parameter::Value<String>" => ("Parameter::ssm_value()".to_owned(), "String"),
        "AWS::SSM::Parameter::Value<List<String>>" => ("Parameter::ssm_value_list()".to_owned(), "Vec<String>"),
        "AWS::SSM::Parameter::Value<CommaDelimitedList>" => {
            ("Parameter::ssm_value_comma_delimited_list()".to_owned(), "Vec<String>")
        }
        other => {
            let (list, inner) = match other.strip_prefix("List<").and_then(|r| r.strip_suffix('>')) {
                Some(inner) => (true, inner),
                None => (false, other),
            };
            let (ssm, inner) = match inner.strip_prefix("AWS::SSM::Parameter::Value<").and_then(|r| r.strip_suffix('>'))
            {
                Some(i) => (true, i),
                None => (false, inner),
            };
            let variant = AWS_TYPES.iter().find(|(t, _)| *t == inner)?.1;
            match (ssm, list) {
                (false, false) => (format!("Parameter::aws(AwsType::{variant})"), "String"),
                (false, true) => (format!("Parameter::aws_list(AwsType::{variant})"), "Vec<String>"),
                (true, false) => (format!("Parameter::ssm_value_of(AwsType::{variant})"), "String"),
                (true, true) => (format!("Parameter::ssm_value_list_of(AwsType::{variant})"), "Vec<String>"),
            }
        }
    };
    let map = parameter.as_object()?;
    for (key, value) in map {
        match (key.as_str(), value) {
            ("Type", _) => {}
            ("Description", J::String(s)) => {
                let _ = write!(out, ".description({})", string(s));
            }
            ("ConstraintDescription", J::String(s)) => {
                let _ = write!(out, ".constraint_description({})", string(s));
            }
            ("NoEcho", J::Bool(true)) => out.push_str(".no_echo()"),
            ("NoEcho", J::String(s)) if s == "true" => out.push_str(".no_echo()"),
            ("Default", J::String(_) | J::Number(_) | J::Bool(_)) if kind == "String" => {
                let _ = write!(out, ".default_value({})", string(&text(value)));
            }
            ("Default", J::Number(n)) if kind == "i64" && n.is_i64() => {
                let _ = write!(out, ".default_value({n})");
            }
            ("Default", J::String(_) | J::Number(_) | J::Bool(_)) if kind == "Vec<String>" => {
                let items: Vec<String> = text(value).split(',').map(string).collect();
                let _ = write!(out, ".default_value([{}])", items.join(", "));
            }
            ("AllowedValues", J::Array(l)) if kind == "String" => {
                let items: Vec<String> = l.iter().map(|v| string(&text(v))).collect();
                let _ = write!(out, ".allowed_values([{}])", items.join(", "));
            }
            ("AllowedValues", J::Array(l)) if kind == "i64" => {
                let items: Option<Vec<String>> = l.iter().map(|v| v.as_i64().map(|n| n.to_string())).collect();
                let _ = write!(out, ".allowed_values([{}])", items?.join(", "));
            }
            ("AllowedValues", J::Array(l)) if kind == "Vec<String>" && ty == "CommaDelimitedList" => {
                let items: Vec<String> = l.iter().map(|v| string(&text(v))).collect();
                let _ = write!(out, ".allowed_values([{}])", items.join(", "));
            }
            // CloudFormation matches each item of a `CommaDelimitedList` against the pattern.
            // <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>
            ("AllowedPattern", J::String(s)) if kind == "String" || ty == "CommaDelimitedList" => {
                let _ = write!(out, ".allowed_pattern({})", string(s));
            }
            ("MinLength" | "MaxLength", J::Number(n)) if kind == "String" && n.is_u64() => {
                let method = if key == "MinLength" { "min_length" } else { "max_length" };
                let _ = write!(out, ".{method}({n})");
            }
            ("MinValue" | "MaxValue", J::Number(n)) if kind == "i64" && n.is_i64() => {
                let method = if key == "MinValue" { "min_value" } else { "max_value" };
                let _ = write!(out, ".{method}({n})");
            }
            _ => return None,
        }
    }
    Some((out, kind))
}

/// A parameter's scalar as the text CloudFormation passes (every parameter value is a string).
fn text(value: &J) -> String {
    match value {
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

const AWS_TYPES: [(&str, &str); 10] = [
    ("AWS::EC2::AvailabilityZone::Name", "AvailabilityZoneName"),
    ("AWS::EC2::Image::Id", "ImageId"),
    ("AWS::EC2::Instance::Id", "InstanceId"),
    ("AWS::EC2::KeyPair::KeyName", "KeyPairName"),
    ("AWS::EC2::SecurityGroup::GroupName", "SecurityGroupName"),
    ("AWS::EC2::SecurityGroup::Id", "SecurityGroupId"),
    ("AWS::EC2::Subnet::Id", "SubnetId"),
    ("AWS::EC2::Volume::Id", "VolumeId"),
    ("AWS::EC2::VPC::Id", "VpcId"),
    ("AWS::Route53::HostedZone::Id", "HostedZoneId"),
];
