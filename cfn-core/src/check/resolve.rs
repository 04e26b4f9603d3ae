//! Values of the final template as text, in one sample deployment: what the policy evaluator
//! compares.
//!
//! Pseudo parameters take the values of a sample deployment: the partition, Region and account
//! the template itself names in literal ARNs when it names exactly one of each (a template read
//! from a file often does, in its key policies), else an account of `us-east-1` in `aws`.
//! What the template cannot know stands as an opaque token (`«Name»`): a parameter without a
//! string default, a resource's physical ID, an attribute. A token equals only itself, so a
//! grant that names a log group `/app/${Suffix}` covers the group named `/app/${Suffix}` and no
//! other, whatever `Suffix` turns out to be. `Fn::FindInMap` reads the template's mapping with
//! the keys as resolved (`AWS::Region` as the deployment's). What has no text at all (`Fn::If`,
//! `Fn::ImportValue`, `Fn::Select` over an unknown list) resolves to `None`: the evaluator
//! then gives the benefit of the doubt.

use std::cell::OnceCell;

use crate::identity::{self, As, Identities, Named, Texts};
use crate::node::{Function, Node};
use crate::reference::{self, By, Mention, ResourceRef, Target, Written};
use crate::template::Template;

/// Where the template is deployed, for the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deployment {
    pub(crate) partition: String,
    pub(crate) region: String,
    pub(crate) account: String,
}

impl Deployment {
    /// The partition, Region and account the template's literal ARNs agree on, each falling back
    /// to the sample (`aws`, `us-east-1`, `123456789012`) when the template names none or several.
    fn of(template: &Template) -> Self {
        let (mut partitions, mut regions, mut accounts) = (Vec::new(), Vec::new(), Vec::new());
        for decl in template.resources.values() {
            for node in decl.properties.as_map().values() {
                node.walk(&mut |n| {
                    let text = match n {
                        Node::String(text) => text.as_str(),
                        _ => return,
                    };
                    for arn in text.split("arn:").skip(1) {
                        let parts: Vec<&str> = arn.splitn(5, ':').collect();
                        if parts.len() < 5 {
                            continue;
                        }
                        let (partition, region, account) = (parts[0], parts[2], parts[3]);
                        if partition.starts_with("aws") && !partition.contains('$') {
                            push_new(&mut partitions, partition);
                        }
                        if is_region(region) {
                            push_new(&mut regions, region);
                        }
                        if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
                            push_new(&mut accounts, account);
                        }
                    }
                });
            }
        }
        let one = |found: Vec<&str>, sample: &str| match found.as_slice() {
            [only] => (*only).to_owned(),
            _ => sample.to_owned(),
        };
        Deployment {
            partition: one(partitions, "aws"),
            region: one(regions, "us-east-1"),
            account: one(accounts, "123456789012"),
        }
    }

    /// The ARN of the key with logical ID `id`.
    pub(crate) fn key_arn(&self, id: &str) -> String {
        format!("arn:{}:kms:{}:{}:key/{}", self.partition, self.region, self.account, token(id))
    }

    /// The ARN CloudWatch Logs puts in the encryption context for a group named `name`.
    pub(crate) fn log_group_arn(&self, name: &str) -> String {
        format!("arn:{}:logs:{}:{}:log-group:{name}", self.partition, self.region, self.account)
    }
}

fn push_new<'a>(found: &mut Vec<&'a str>, value: &'a str) {
    if !found.contains(&value) {
        found.push(value);
    }
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`: letters, hyphens, a final number.
pub(crate) fn is_region(text: &str) -> bool {
    let Some((name, number)) = text.rsplit_once('-') else { return false };
    name.contains('-')
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Resolves nodes of one template.
pub(crate) struct Env<'t> {
    pub(crate) template: &'t Template,
    pub(crate) deployment: Deployment,
    /// Every name of every resource, built when first asked.
    identities: OnceCell<Identities<'t>>,
}

impl Texts for Env<'_> {
    fn text_at(&self, node: &Node, depth: usize) -> Option<String> {
        Env::text_at(self, node, depth)
    }

    fn name(&self, id: &str, property: &str, depth: usize) -> String {
        match self.template.resources.get(id) {
            Some(group) if group.resource_type == "AWS::Logs::LogGroup" && property == "LogGroupName" => {
                self.log_group_name(id, depth)
            }
            _ => self.named(id, property, depth),
        }
    }
}

impl<'t> Env<'t> {
    pub(crate) fn new(template: &'t Template) -> Self {
        Env { template, deployment: Deployment::of(template), identities: OnceCell::new() }
    }

    /// What `node` names, as a finding's target, if it names resource `logical_id` (for the
    /// finding to carry what the property names; empty when the reader cannot say).
    pub(crate) fn refs_to(&self, node: &Node, logical_id: &str) -> Vec<ResourceRef> {
        match self.target(node) {
            Target::Resource(named) if named.logical_id == logical_id => vec![named],
            _ => Vec::new(),
        }
    }

    /// What `node` names, as a finding's target, when the check has found that it names
    /// resource `logical_id` of `resource_type` (by any form, an ARN with a path after it too):
    /// the reader's answer when it names that resource, else the form the identity model found.
    pub(crate) fn ref_to(&self, node: &Node, logical_id: &str, resource_type: &str) -> Vec<ResourceRef> {
        if let Target::Resource(named) = self.target(node)
            && named.logical_id == logical_id
        {
            return vec![named];
        }
        match self.names(node, resource_type) {
            Named::Resource { id, form, .. } if id == logical_id => vec![ResourceRef {
                logical_id: id.to_owned(),
                attribute: self.attribute_for(id, resource_type, form.clone()),
                by: By::Value(form),
            }],
            _ => Vec::new(),
        }
    }

    /// What `node` names, as the one reader of references says ([`crate::reference::target`]),
    /// and where it cannot tell (a value that is not a `Ref`, `Fn::GetAtt` or `${X}`; a
    /// parameter; an import), as the identity model finds it by its value: an ARN built from a
    /// resource's name, a literal name, an alias, a URL — or that it names nothing of the template.
    pub(crate) fn target(&self, node: &Node) -> Target {
        match reference::target(self.template, node) {
            Target::Unknown | Target::Parameter(_) | Target::Import(_) => match self.identities().lookup(node, self) {
                Named::Resource { id, form, rest } if rest.is_empty() => {
                    let resource_type = self.template.resources[id].resource_type.as_str();
                    Target::Resource(ResourceRef {
                        logical_id: id.to_owned(),
                        attribute: self.attribute_for(id, resource_type, form.clone()),
                        by: By::Value(form),
                    })
                }
                Named::Outside => Target::Outside,
                _ => reference::target(self.template, node),
            },
            known => known,
        }
    }

    /// The attribute of resource `id` whose value is `form` of it: `None` for its `Ref` value,
    /// else `Arn`, `QueueUrl`, `TopicName`, `RegionalDomainName`, `AliasName`, ….
    pub(crate) fn attribute_for(&self, id: &str, resource_type: &str, form: As) -> Option<String> {
        if self.identities().ref_form(id) == Some(&form) {
            return None;
        }
        Some(match form {
            As::Arn if resource_type == "AWS::SNS::Topic" => "TopicArn".to_owned(),
            As::Arn => "Arn".to_owned(),
            As::Name => identity::arn_format(resource_type).map(|(_, p)| p).unwrap_or("Name").to_owned(),
            As::Id => return None,
            As::Url => "QueueUrl".to_owned(),
            As::AliasName => "AliasName".to_owned(),
            As::AliasArn => "AliasArn".to_owned(),
            As::DomainName => "DomainName".to_owned(),
            As::RegionalDomainName => "RegionalDomainName".to_owned(),
            As::DualStackDomainName => "DualStackDomainName".to_owned(),
            As::Attribute(attribute) => attribute,
        })
    }

    /// The template the values are read from.
    pub(crate) fn template(&self) -> &'t Template {
        self.template
    }

    /// The identity model of the template.
    pub(crate) fn identities(&self) -> &Identities<'t> {
        self.identities.get_or_init(|| Identities::new(self.template, self))
    }

    /// What `node` names among the resources of type `resource_type`, and as what: the one reader
    /// of which resource a value names ([`crate::identity`]).
    pub(crate) fn names(&self, node: &Node, resource_type: &str) -> Named<'t> {
        self.identities().lookup_as(node, self, resource_type)
    }

    /// The resource of type `resource_type` that `node` names whole (not an ARN with a path after
    /// it), and as what.
    pub(crate) fn named_whole(&self, node: &Node, resource_type: &str) -> Option<(&'t str, As)> {
        match self.names(node, resource_type) {
            Named::Resource { id, form, rest } if rest.is_empty() => Some((id, form)),
            _ => None,
        }
    }

    /// The text `node` stands for, or `None` when it cannot be known.
    pub(crate) fn text(&self, node: &Node) -> Option<String> {
        self.text_at(node, 0)
    }

    fn text_at(&self, node: &Node, depth: usize) -> Option<String> {
        // A `Ref` cycle through names (a group named after itself) ends here.
        if depth > 8 {
            return None;
        }
        match node {
            Node::String(text) => Some(text.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Fn(Function::Ref | Function::GetAtt, _) => match reference::written(node)? {
                Written::Names(Mention { name, attribute: None, .. }) => self.reference(name, depth),
                Written::Names(Mention { name, attribute: Some(attribute), .. }) => {
                    self.attribute(name, attribute, depth)
                }
                _ => None,
            },
            Node::Fn(Function::Sub, arg) => match arg.as_ref() {
                Node::String(text) => self.substitute(text, &[], depth),
                Node::List(parts) if parts.len() == 2 => {
                    let variables: Vec<(&str, &Node)> =
                        parts[1].as_map()?.iter().map(|(k, v)| (k.as_str(), v)).collect();
                    self.substitute(parts[0].as_str()?, &variables, depth)
                }
                _ => None,
            },
            Node::Fn(Function::Join, arg) => match arg.as_ref() {
                Node::List(parts) if parts.len() == 2 => {
                    let separator = parts[0].as_str()?;
                    let Node::List(items) = &parts[1] else { return None };
                    let texts: Option<Vec<String>> = items.iter().map(|item| self.text_at(item, depth + 1)).collect();
                    Some(texts?.join(separator))
                }
                _ => None,
            },
            Node::Fn(Function::FindInMap, arg) => {
                let key = |node: &Node| self.text_at(node, depth + 1).filter(|text| !text.contains('«'));
                let value = self.find_in_map(arg, &key)?;
                self.text_at(value, depth + 1)
            }
            _ => None,
        }
    }

    /// `Fn::FindInMap [Mapping, TopLevelKey, SecondLevelKey]`: the value the template's mapping
    /// holds, when `key` reads the mapping's name and both keys; else, when the keys are read and
    /// the mapping has no such entry, the `DefaultValue` that `AWS::LanguageExtensions` lets a
    /// fourth item give
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html>).
    /// `None` when a key cannot be read or the entry is missing without a default.
    pub(crate) fn find_in_map<'a>(&'a self, arg: &'a Node, key: &dyn Fn(&Node) -> Option<String>) -> Option<&'a Node> {
        let Node::List(parts) = arg else { return None };
        let (name, top, second) = (key(parts.first()?)?, key(parts.get(1)?)?, key(parts.get(2)?)?);
        let found =
            self.template.mappings.get(&name).and_then(|mapping| mapping.0.get(&top)).and_then(|row| match row {
                Node::Map(row) => row.get(&second),
                _ => None,
            });
        found.or_else(|| parts.get(3)?.as_map()?.get("DefaultValue"))
    }

    /// `node` with every intrinsic that has a text replaced by it: a policy resolved once, then
    /// evaluated for many requests.
    pub(crate) fn resolve_all(&self, node: &Node) -> Node {
        match node {
            Node::Fn(..) => self.text(node).map_or_else(|| node.clone(), Node::String),
            Node::List(items) => Node::List(items.iter().map(|item| self.resolve_all(item)).collect()),
            Node::Map(map) => {
                Node::Map(map.iter().map(|(key, value)| (key.clone(), self.resolve_all(value))).collect())
            }
            other => other.clone(),
        }
    }

    /// `Ref name`: a pseudo parameter's sample value, a parameter's string default, or a
    /// resource's physical ID (a log group's is its name).
    fn reference(&self, name: &str, depth: usize) -> Option<String> {
        if let Some(value) = self.pseudo(name) {
            return Some(value);
        }
        if let Some(parameter) = self.template.parameters.get(name) {
            return Some(match parameter.default.as_ref() {
                Some(Node::String(text)) => text.clone(),
                _ => token(name),
            });
        }
        let resource = self.template.resources.get(name)?;
        match resource.resource_type.as_str() {
            "AWS::Logs::LogGroup" => return Some(self.log_group_name(name, depth)),
            "AWS::SNS::Topic" => return Some(self.topic_arn(name, depth)),
            // An alias's `Ref` is its name, `alias/<name>`.
            "AWS::KMS::Alias" => return Some(self.named(name, "AliasName", depth)),
            // A secret's `Ref` is its ARN, whose name ends in six random characters.
            "AWS::SecretsManager::Secret" => {
                let name = self.named(name, "Name", depth);
                return Some(format!(
                    "{}-{}",
                    self.arn("secretsmanager", &format!("secret:{name}")),
                    token(&format!("{name}.suffix"))
                ));
            }
            "AWS::SQS::Queue" => {
                let d = &self.deployment;
                return Some(format!(
                    "https://sqs.{}.amazonaws.com/{}/{}",
                    d.region,
                    d.account,
                    self.named(name, "QueueName", depth)
                ));
            }
            _ => {}
        }
        // Types whose `Ref` is the name a property gives them (RDS keeps identifiers in lower case).
        let (property, lower) = match resource.resource_type.as_str() {
            "AWS::Lambda::Function" => ("FunctionName", false),
            "AWS::S3::Bucket" => ("BucketName", false),
            "AWS::SSM::Parameter" => ("Name", false),
            "AWS::RDS::DBCluster" => ("DBClusterIdentifier", true),
            "AWS::RDS::DBInstance" => ("DBInstanceIdentifier", true),
            "AWS::IAM::Role" => ("RoleName", false),
            _ => return Some(token(name)),
        };
        match resource.properties.get(property) {
            Some(value) => {
                self.text_at(value, depth + 1).map(|text| if lower { lower_case_outside_tokens(&text) } else { text })
            }
            // The name CloudFormation generates: the same token as in the resource's ARN.
            None => Some(token(&format!("{name}.{property}"))),
        }
    }

    /// `Fn::GetAtt [id, attribute]`: the ARNs the checks compare, tokens otherwise.
    fn attribute(&self, id: &str, attribute: &str, depth: usize) -> Option<String> {
        let resource = self.template.resources.get(id)?;
        match (resource.resource_type.as_str(), attribute) {
            ("AWS::KMS::Key" | "AWS::KMS::ReplicaKey", "Arn") => Some(self.deployment.key_arn(id)),
            ("AWS::Logs::LogGroup", "Arn") => {
                Some(format!("{}:*", self.deployment.log_group_arn(&self.log_group_name(id, depth))))
            }
            ("AWS::SNS::Topic", "TopicArn") => Some(self.topic_arn(id, depth)),
            ("AWS::SNS::Topic", "TopicName") => Some(self.named(id, "TopicName", depth)),
            ("AWS::SQS::Queue", "Arn") => Some(self.arn("sqs", &self.named(id, "QueueName", depth))),
            ("AWS::SQS::Queue", "QueueName") => Some(self.named(id, "QueueName", depth)),
            ("AWS::Events::Rule", "Arn") => {
                Some(self.arn("events", &format!("rule/{}", self.named(id, "Name", depth))))
            }
            ("AWS::CloudWatch::Alarm", "Arn") => {
                Some(self.arn("cloudwatch", &format!("alarm:{}", self.named(id, "AlarmName", depth))))
            }
            ("AWS::S3::Bucket", "Arn") => {
                Some(format!("arn:{}:s3:::{}", self.deployment.partition, self.named(id, "BucketName", depth)))
            }
            // The forms of the identity model (queue URLs, bucket domain names).
            ("AWS::SQS::Queue", "QueueUrl") => self.reference(id, depth),
            ("AWS::S3::Bucket", "DomainName" | "RegionalDomainName" | "DualStackDomainName") => {
                let name = self.reference(id, depth)?;
                let region = &self.deployment.region;
                Some(match attribute {
                    "DomainName" => format!("{name}.s3.amazonaws.com"),
                    "RegionalDomainName" => format!("{name}.s3.{region}.amazonaws.com"),
                    _ => format!("{name}.s3.dualstack.{region}.amazonaws.com"),
                })
            }
            // Any other type's ARN, by AWS's format for it.
            (_, "Arn") => {
                identity::arn(self.template, self, id, depth + 1).or_else(|| Some(token(&format!("{id}.{attribute}"))))
            }
            _ => Some(token(&format!("{id}.{attribute}"))),
        }
    }

    /// The ARN of resource `id` (`Fn::GetAtt <id>.Arn`), by AWS's format for its type.
    pub(crate) fn arn_of(&self, id: &str) -> String {
        self.attribute(id, "Arn", 0).unwrap_or_else(|| token(&format!("{id}.Arn")))
    }

    /// `arn:<partition>:<service>:<region>:<account>:<rest>` in the deployment.
    pub(crate) fn arn(&self, service: &str, rest: &str) -> String {
        let d = &self.deployment;
        format!("arn:{}:{service}:{}:{}:{rest}", d.partition, d.region, d.account)
    }

    /// A topic's ARN (its `Ref`).
    pub(crate) fn topic_arn(&self, id: &str, depth: usize) -> String {
        self.arn("sns", &self.named(id, "TopicName", depth))
    }

    /// The name `property` gives resource `id`, or a token for the name CloudFormation generates.
    pub(crate) fn named(&self, id: &str, property: &str, depth: usize) -> String {
        let named = self.template.resources.get(id).and_then(|r| r.properties.get(property));
        named.and_then(|name| self.text_at(name, depth + 1)).unwrap_or_else(|| token(&format!("{id}.{property}")))
    }

    /// A log group's name: `LogGroupName`, or the name CloudFormation generates.
    pub(crate) fn log_group_name(&self, id: &str, depth: usize) -> String {
        let named = self.template.resources.get(id).and_then(|group| group.properties.get("LogGroupName"));
        match named {
            Some(name) => self.text_at(name, depth + 1).unwrap_or_else(|| token(&format!("{id}.LogGroupName"))),
            None => format!("{}-{id}-{}", token("AWS::StackName"), token("generated")),
        }
    }

    /// The value of a pseudo parameter in the deployment.
    pub(crate) fn pseudo(&self, name: &str) -> Option<String> {
        let d = &self.deployment;
        Some(match name {
            "AWS::Partition" => d.partition.clone(),
            "AWS::Region" => d.region.clone(),
            "AWS::AccountId" => d.account.clone(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            "AWS::StackName" => token("AWS::StackName"),
            "AWS::StackId" => format!(
                "arn:{}:cloudformation:{}:{}:stack/{}/{}",
                d.partition,
                d.region,
                d.account,
                token("AWS::StackName"),
                token("AWS::StackId")
            ),
            _ => return None,
        })
    }

    fn substitute(&self, text: &str, variables: &[(&str, &Node)], depth: usize) -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let body = &rest[start + 2..];
            let end = body.find('}')?;
            let name = body[..end].trim();
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some((_, value)) = variables.iter().find(|(n, _)| *n == name) {
                out.push_str(&self.text_at(value, depth + 1)?);
            } else if let Some((id, attribute)) = name.split_once('.') {
                out.push_str(&self.attribute(id, attribute, depth + 1)?);
            } else {
                out.push_str(&self.reference(name, depth + 1)?);
            }
            rest = &body[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// The logical ID `node` refers to, if it names a resource of `template` of type `resource_type`
/// (by any form the identity model knows: `Ref`, `Fn::GetAtt`, an ARN or URL built with `Fn::Sub`
/// or `Fn::Join`, a literal name, a parameter's default, an alias, an import), and the attribute
/// it is: `None` for the resource's `Ref` value, else the attribute that gives the same value
/// (`Arn`, `QueueUrl`, `TopicName`, `RegionalDomainName`, `AliasName`, …).
pub(crate) fn referenced<'t>(env: &Env<'t>, node: &Node, resource_type: &str) -> Option<(&'t str, Option<String>)> {
    let (id, form) = env.named_whole(node, resource_type)?;
    Some((id, env.attribute_for(id, resource_type, form)))
}

/// `text` in lower case, but for the tokens that stand for unknown values (`«Name»`).
pub(crate) fn lower_case_outside_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_token = false;
    for c in text.chars() {
        if c == '«' {
            in_token = true;
        }
        if in_token {
            out.push(c)
        } else {
            out.extend(c.to_lowercase())
        }
        if c == '»' {
            in_token = false;
        }
    }
    out
}

/// What stands for a value the template does not know.
pub(crate) fn token(name: &str) -> String {
    format!("«{name}»")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawResource;
    use crate::fns;
    use crate::proof::grants::LogsGrant;
    use crate::proof::key::{KeyPolicy, KmsKey};
    use crate::value::Value;

    #[test]
    fn pseudo_parameters_references_and_attributes() {
        let mut t = Template::new();
        let key = t.add("Key", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
        t.add_raw("Named", RawResource::new("AWS::Logs::LogGroup").property("LogGroupName", "/app/orders"));
        t.add_raw("Unnamed", RawResource::new("AWS::Logs::LogGroup"));
        let env = Env::new(&t);
        let sub = |s: &str| fns::sub(s).into_node();
        assert_eq!(
            env.text(&sub("logs.${AWS::Region}.amazonaws.com")).as_deref(),
            Some("logs.us-east-1.amazonaws.com")
        );
        assert_eq!(env.text(&sub("${Key.Arn}")).as_deref(), Some("arn:aws:kms:us-east-1:123456789012:key/«Key»"));
        assert_eq!(
            env.text(&Value::<String>::from_node(key.key_id().into_node()).into_node()).as_deref(),
            Some("«Key»")
        );
        assert_eq!(
            env.text(&sub("${Named.Arn}")).as_deref(),
            Some("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders:*")
        );
        assert_eq!(env.text(&sub("${!Literal}-x")).as_deref(), Some("${Literal}-x"));
        assert_eq!(env.log_group_name("Unnamed", 0), "«AWS::StackName»-Unnamed-«generated»");
        assert_eq!(env.text(&fns::import_value("Shared").into_node()), None);
    }

    #[test]
    fn the_deployment_is_the_one_the_template_names() {
        let mut t = Template::new();
        t.add_raw(
            "Named",
            RawResource::new("AWS::Logs::LogGroup")
                .property("LogGroupName", "arn:aws-us-gov:s3:::not-a-region-or-account"),
        );
        assert_eq!(Env::new(&t).deployment.region, "us-east-1");
        t.add_raw(
            "Topic",
            RawResource::new("AWS::SNS::Topic")
                .property("KmsMasterKeyId", "arn:aws:kms:eu-west-2:111122223333:key/abc"),
        );
        let d = Env::new(&t).deployment;
        assert_eq!((d.partition.as_str(), d.region.as_str(), d.account.as_str()), ("aws", "eu-west-2", "111122223333"));
        // Two accounts: neither is taken.
        t.add_raw(
            "Other",
            RawResource::new("AWS::SNS::Topic")
                .property("KmsMasterKeyId", "arn:aws:kms:eu-west-2:444455556666:key/def"),
        );
        assert_eq!(Env::new(&t).deployment.account, "123456789012");
    }

    /// What each value of `Outputs.<id>.Value` names, as the identity model says.
    fn names_of(yaml: &str) -> Vec<(String, String)> {
        let t = Template::from_yaml(yaml).unwrap();
        let env = Env::new(&t);
        t.outputs
            .iter()
            .map(|(id, output)| {
                let named = match env.identities().lookup(&output.value, &env) {
                    Named::Resource { id, form, rest } => format!("{id} {form:?}{rest}"),
                    Named::Outside => "outside".to_owned(),
                    Named::Unknown => "unknown".to_owned(),
                };
                (id.clone(), named)
            })
            .collect()
    }

    #[test]
    fn the_identity_model_says_what_each_value_names_and_as_what() {
        let found = names_of(
            r#"
Parameters:
  Named: {Type: String, Default: orders}
  Free: {Type: String}
Resources:
  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: orders}}
  Unnamed: {Type: AWS::SQS::Queue}
  Bucket: {Type: AWS::S3::Bucket}
  Key: {Type: AWS::KMS::Key}
  Alias: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/app, TargetKeyId: !Ref Key}}
  Template: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateName: web}}
Outputs:
  Ref: {Value: !Ref Queue}
  Url: {Value: !GetAtt Queue.QueueUrl}
  BuiltUrl: {Value: !Sub "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders"}
  Arn: {Value: !Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders"}
  JoinedArn: {Value: !Join ["", ["arn:aws:sqs:", !Ref AWS::Region, ":", !Ref AWS::AccountId, ":", !Ref Named]]}
  GeneratedArn: {Value: !Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Unnamed.QueueName}"}
  Name: {Value: !Ref Named}
  ObjectArn: {Value: !Sub "${Bucket.Arn}/logs/*"}
  Domain: {Value: !Sub "${Bucket}.s3.amazonaws.com"}
  Regional: {Value: !Sub "${Bucket}.s3.${AWS::Region}.amazonaws.com"}
  AliasName: {Value: alias/app}
  AliasArn: {Value: !Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app"}
  KeyArn: {Value: !Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}"}
  OtherAccount: {Value: "arn:aws:sqs:us-east-1:210987654321:orders"}
  OtherRegion: {Value: !Sub "arn:${AWS::Partition}:sqs:eu-west-1:${AWS::AccountId}:orders"}
  NoSuchQueue: {Value: "arn:aws:sqs:us-east-1:123456789012:payments"}
  FreeParameter: {Value: !Ref Free}
  Condition: {Value: !If [C, a, b]}
  LaunchTemplateByName: {Value: web}
  AnotherAttribute: {Value: !GetAtt Queue.RedrivePolicy}
"#,
        );
        let found: Vec<(&str, &str)> = found.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            found,
            [
                ("Ref", "Queue Url"),
                ("Url", "Queue Url"),
                ("BuiltUrl", "Queue Url"),
                ("Arn", "Queue Arn"),
                ("JoinedArn", "Queue Arn"),
                ("GeneratedArn", "Unnamed Arn"),
                ("Name", "Queue Name"),
                ("ObjectArn", "Bucket Arn/logs/*"),
                ("Domain", "Bucket DomainName"),
                ("Regional", "Bucket RegionalDomainName"),
                ("AliasName", "Alias Name"),
                ("AliasArn", "Alias Arn"),
                ("KeyArn", "Key Arn"),
                ("OtherAccount", "outside"),
                ("OtherRegion", "outside"),
                ("NoSuchQueue", "outside"),
                ("FreeParameter", "unknown"),
                ("Condition", "unknown"),
                ("LaunchTemplateByName", "Template Name"),
                ("AnotherAttribute", "Queue Attribute(\"RedrivePolicy\")"),
            ]
        );
    }

    #[test]
    fn asked_for_a_key_an_alias_names_the_key_it_targets() {
        let t = Template::from_yaml(
            r#"
Resources:
  Key: {Type: AWS::KMS::Key}
  Alias: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/app, TargetKeyId: !GetAtt Key.Arn}}
  Other: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/elsewhere, TargetKeyId: "arn:aws:kms:us-east-1:210987654321:key/abc"}}
"#,
        )
        .unwrap();
        let env = Env::new(&t);
        let by = |node: Node| env.named_whole(&node, "AWS::KMS::Key");
        assert_eq!(by(Node::string("alias/app")), Some(("Key", As::AliasName)));
        assert_eq!(by(Node::call(Function::Ref, Node::string("Alias"))), Some(("Key", As::AliasName)));
        let alias_arn = "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app";
        assert_eq!(by(Node::call(Function::Sub, Node::string(alias_arn))), Some(("Key", As::AliasArn)));
        // An alias of a key outside the template names no key of it.
        assert_eq!(by(Node::string("alias/elsewhere")), None);
    }

    #[test]
    fn an_import_names_what_the_export_of_that_name_carries() {
        // In an app the outputs of every stack are seen together.
        let found = names_of(
            r#"
Resources:
  Topic: {Type: AWS::SNS::Topic}
Outputs:
  Exported: {Value: !Ref Topic, Export: {Name: shared-alerts}}
  Imported: {Value: !ImportValue shared-alerts}
  Unknown: {Value: !ImportValue not-exported-here}
"#,
        );
        assert_eq!(found[1], ("Imported".to_owned(), "Topic Arn".to_owned()));
        assert_eq!(found[2], ("Unknown".to_owned(), "unknown".to_owned()));
    }
}
