//! Which resource of a template a value names, and as what.
//!
//! AWS lets a template name a resource many ways, and resolves them all: its logical ID (through
//! `Ref` and `Fn::GetAtt`), its `Ref` value, each attribute, its name (given in its name property,
//! or the one CloudFormation generates), its ARN, a key's aliases (`alias/<name>` and the alias's
//! ARN), a queue's URL, a bucket's domain names, and in an app the exports that carry any of
//! these to another stack. A value written any of those ways — `Ref`, `Fn::GetAtt`, `Fn::Sub`
//! (with or without a variable map, pseudo parameters substituted as AWS substitutes them),
//! `Fn::Join`, a literal, a parameter's default, `Fn::ImportValue` — is looked up here: the
//! answer is the resource and the form ([`As`]), or that the value names nothing of the
//! template (a literal ARN of another account or Region, a name no resource has), or that it
//! cannot be known (a parameter without default, a condition): the check then gives the benefit
//! of the doubt.
//!
//! The ARN of each resource type follows AWS's own format for it (`arn_formats`, generated
//! from AWS's service specification). The values themselves come from the check's reader of
//! values (`Texts`): a name the template does not give stands as an opaque token that equals
//! only itself, so `${Queue.QueueName}` in an ARN built by hand matches the queue's ARN whatever
//! name CloudFormation generates.
//!
//! AWS pages the forms rest on:
//! - ARN formats: <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
//! - `Ref` and attributes of each type: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html>
//! - queue URLs: <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html>
//! - bucket domain names: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html>
//! - key aliases: <https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-alias-name>
//! - exports: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html>

#[rustfmt::skip]
mod arn_formats;

use crate::node::{Function, Node};
pub use crate::reference::As;
use crate::template::Template;

/// Reads a value of the template as the text it stands for in one sample deployment (the check's
/// reader of values implements it): `None` when it cannot be known; what only AWS knows as an
/// opaque token `«…»`.
pub(crate) trait Texts {
    /// The text of `node`, `depth` levels into a chain of references (a reader stops a cycle).
    fn text_at(&self, node: &Node, depth: usize) -> Option<String>;

    /// The name resource `id` is given in `property`, or the token for the name CloudFormation
    /// generates.
    fn name(&self, id: &str, property: &str, depth: usize) -> String;
}

/// What a value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named<'t> {
    /// A resource of the template, in `form`; `rest` is what follows an ARN (`/prefix/*`, `:*`).
    Resource {
        /// The resource's logical ID.
        id: &'t str,
        /// What the value is, of the resource.
        form: As,
        /// What follows the resource's ARN in the value (empty when it names the resource whole).
        rest: String,
    },
    /// Nothing of the template: its text is known and no resource has it (another account's ARN).
    Outside,
    /// Cannot be known before deployment (a parameter without default, a condition, an import
    /// of a stack outside the app): no judgement.
    Unknown,
}

/// The ARN format of `resource_type` (`${Partition}`, `${Region}`, `${Account}`, `${P:<property>}`,
/// `${R}`, `${A:<attribute>}`), and the property that names it (empty when none does).
pub(crate) fn arn_format(resource_type: &str) -> Option<(&'static str, &'static str)> {
    let table = &arn_formats::ARN_FORMATS;
    let at = table.binary_search_by(|(t, _, _)| (*t).cmp(resource_type)).ok()?;
    Some((table[at].1, table[at].2))
}

/// What stands for a value the template does not know.
pub(crate) fn token(name: &str) -> String {
    format!("«{name}»")
}

fn reference(name: &str) -> Node {
    Node::call(Function::Ref, Node::string(name))
}

/// The pseudo parameters ARNs are built of, read once for many ARNs.
struct Pseudo {
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
}

impl Pseudo {
    fn read(texts: &dyn Texts, depth: usize) -> Self {
        let read = |name: &str| texts.text_at(&reference(name), depth);
        Pseudo { partition: read("AWS::Partition"), region: read("AWS::Region"), account: read("AWS::AccountId") }
    }
}

/// The ARN of resource `id` by AWS's format for its type, or `None` for a type without one.
pub(crate) fn arn(template: &Template, texts: &dyn Texts, id: &str, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    arn_with(template, texts, id, depth, &Pseudo::read(texts, depth + 1))
}

/// [`arn`] with the pseudo parameters read.
fn arn_with(template: &Template, texts: &dyn Texts, id: &str, depth: usize, pseudo: &Pseudo) -> Option<String> {
    let resource = template.resources.get(id)?;
    let (partition, region, account) =
        (pseudo.partition.as_deref(), pseudo.region.as_deref(), pseudo.account.as_deref());
    if resource.resource_type == "AWS::KMS::Alias" {
        // `AliasName` holds `alias/<name>` whole.
        let alias = texts.text_at(resource.properties.get("AliasName")?, depth + 1)?;
        return Some(format!("arn:{}:kms:{}:{}:{alias}", partition?, region?, account?));
    }
    let (format, _) = arn_format(&resource.resource_type)?;
    let mut out = String::new();
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let variable = &rest[start + 2..end];
        let value = match variable {
            "Partition" => partition?.to_owned(),
            "Region" => region?.to_owned(),
            "Account" => account?.to_owned(),
            "R" => texts.text_at(&reference(id), depth + 1)?,
            _ => match variable.split_once(':') {
                Some(("P", property)) => texts.name(id, property, depth),
                Some((_, other)) => token(&format!("{id}.{other}")),
                None => token(&format!("{id}.{variable}")),
            },
        };
        out.push_str(&value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Every way one resource is named, with its text.
struct Entry<'t> {
    text: String,
    id: &'t str,
    resource_type: &'t str,
    form: As,
}

/// The identity model of one template: each resource's names, for the reverse lookup.
pub(crate) struct Identities<'t> {
    template: &'t Template,
    entries: Vec<Entry<'t>>,
    /// Per resource, the form its `Ref` value is (a queue's URL, a topic's ARN, a key's ID).
    refs: Vec<(&'t str, As)>,
}

impl<'t> Identities<'t> {
    /// Every name of every resource of `template`, as `texts` reads values.
    pub(crate) fn new(template: &'t Template, texts: &dyn Texts) -> Self {
        let mut entries: Vec<Entry<'t>> = Vec::new();
        let mut refs = Vec::new();
        let text = |node: &Node| texts.text_at(node, 0);
        // Read once, for every resource's ARN (as `arn` reads them, one level down).
        let pseudo = Pseudo::read(texts, 1);
        let (region, account) = (pseudo.region.clone().unwrap_or_default(), pseudo.account.clone().unwrap_or_default());
        for (id, decl) in &template.resources {
            let resource_type = decl.resource_type.as_str();
            let id = id.as_str();
            // This resource's entries start here: a name given twice is compared with its own
            // names only (with every entry, a large template's model took quadratic time).
            let first = entries.len();
            let add = |entries: &mut Vec<Entry<'t>>, text: String, form: As| {
                if !text.is_empty() && !entries[first..].iter().any(|e| e.text == text) {
                    entries.push(Entry { text, id, resource_type, form });
                }
            };
            let name_property = arn_format(resource_type).map(|(_, property)| property).unwrap_or_default();
            let name_text = (!name_property.is_empty()).then(|| texts.name(id, name_property, 0));
            if let Some(arn) = arn_with(template, texts, id, 0, &pseudo) {
                add(&mut entries, arn, As::Arn);
            }
            match resource_type {
                "AWS::SQS::Queue" => {
                    let name = texts.name(id, "QueueName", 0);
                    add(&mut entries, format!("https://sqs.{region}.amazonaws.com/{account}/{name}"), As::Url);
                }
                "AWS::S3::Bucket" => {
                    let name = texts.name(id, "BucketName", 0);
                    add(&mut entries, format!("{name}.s3.amazonaws.com"), As::DomainName);
                    add(&mut entries, format!("{name}.s3.{region}.amazonaws.com"), As::RegionalDomainName);
                    add(&mut entries, format!("{name}.s3.dualstack.{region}.amazonaws.com"), As::DualStackDomainName);
                    // The older dash form of a regional endpoint (`<name>.s3-<region>.amazonaws.com`).
                    add(&mut entries, format!("{name}.s3-{region}.amazonaws.com"), As::RegionalDomainName);
                }
                _ => {}
            }
            if let Some(name) = name_text {
                add(&mut entries, name, As::Name);
            } else {
                // A type whose ARN does not hold its name may still be named by it where AWS takes
                // the name (`LaunchTemplateName` of an `AWS::EC2::LaunchTemplate`): its property
                // `<Type>Name`, or `Name`, when the template gives it.
                let short = resource_type.rsplit("::").next().unwrap_or_default();
                let given = [format!("{short}Name"), "Name".to_owned()]
                    .into_iter()
                    .find_map(|property| texts.text_at(decl.properties.get(&property)?, 0));
                if let Some(name) = given {
                    add(&mut entries, name, As::Name);
                }
            }
            // Its `Ref` value, in the form it equals (a queue's URL, a topic's ARN, a bucket's
            // name), else its ID.
            if let Some(value) = text(&reference(id)) {
                let form = entries[first..].iter().find(|e| e.text == value).map_or(As::Id, |e| e.form.clone());
                add(&mut entries, value, As::Id);
                refs.push((id, form));
            }
        }
        // A key's aliases: each `AWS::KMS::Alias` of the template whose `TargetKeyId` names it.
        let keys: Vec<(&'t str, String, String)> = template
            .resources
            .iter()
            .filter(|(_, decl)| decl.resource_type == "AWS::KMS::Alias")
            .filter_map(|(id, decl)| {
                let alias = text(decl.properties.get("AliasName")?)?;
                let alias_arn = arn(template, texts, id, 0)?;
                let target = decl.properties.get("TargetKeyId")?;
                let partial =
                    Identities { template, entries: entries.iter().map(Entry::copy).collect(), refs: Vec::new() };
                match partial.lookup_with(target, texts, &|t| matches!(t, "AWS::KMS::Key" | "AWS::KMS::ReplicaKey"), 0)
                {
                    Named::Resource { id: key, form: As::Arn | As::Id, .. } => Some((key, alias, alias_arn)),
                    _ => None,
                }
            })
            .collect();
        for (key, alias, alias_arn) in keys {
            let resource_type = template.resources[key].resource_type.as_str();
            entries.push(Entry { text: alias, id: key, resource_type, form: As::AliasName });
            entries.push(Entry { text: alias_arn, id: key, resource_type, form: As::AliasArn });
        }
        Identities { template, entries, refs }
    }

    /// The form of resource `id`'s `Ref` value.
    pub(crate) fn ref_form(&self, id: &str) -> Option<&As> {
        self.refs.iter().find(|(r, _)| *r == id).map(|(_, form)| form)
    }

    /// What `node` names, among resources of any type.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn lookup(&self, node: &Node, texts: &dyn Texts) -> Named<'t> {
        self.lookup_with(node, texts, &|_| true, 0)
    }

    /// What `node` names, among resources of type `resource_type`: a resource of another type
    /// it names is outside for this question.
    pub(crate) fn lookup_as(&self, node: &Node, texts: &dyn Texts, resource_type: &str) -> Named<'t> {
        self.lookup_with(node, texts, &|t| t == resource_type, 0)
    }

    fn lookup_with(&self, node: &Node, texts: &dyn Texts, wanted: &dyn Fn(&str) -> bool, depth: usize) -> Named<'t> {
        if depth > 8 {
            return Named::Unknown;
        }
        // `Ref X` and `Fn::GetAtt X.A` of a resource name it whatever their text.
        let syntactic = match node {
            Node::Fn(Function::Ref, arg) => arg.as_str().map(|id| (id, None)),
            Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
                Node::List(parts) if parts.len() == 2 => parts[0].as_str().zip(parts[1].as_str().map(Some)),
                _ => None,
            },
            Node::Fn(Function::ImportValue, arg) => {
                return match self.export(arg, texts) {
                    Some(value) => self.lookup_with(value, texts, wanted, depth + 1),
                    None => Named::Unknown,
                };
            }
            _ => None,
        };
        // (A `Ref` of an alias, asked for a key, is looked up by its text: the alias name.)
        if let Some((id, attribute)) = syntactic
            && let Some((id, decl)) = self.template.resources.get_key_value(id)
            && wanted(&decl.resource_type)
        {
            let value = texts.text_at(node, 0);
            let form = self
                .entries
                .iter()
                .find(|e| {
                    e.id == id
                        && value.as_deref() == Some(e.text.as_str())
                        && !matches!(e.form, As::AliasName | As::AliasArn)
                })
                .map(|e| e.form.clone());
            let form = match (form, attribute) {
                (Some(form), _) => form,
                (None, None) => As::Id,
                (None, Some(attribute)) => As::Attribute(attribute.to_owned()),
            };
            return Named::Resource { id: id.as_str(), form, rest: String::new() };
        }
        let Some(value) = texts.text_at(node, 0) else { return Named::Unknown };
        self.lookup_text(&value, wanted)
    }

    /// What a value's text names.
    fn lookup_text(&self, value: &str, wanted: &dyn Fn(&str) -> bool) -> Named<'t> {
        let candidates = || self.entries.iter().filter(|e| wanted(e.resource_type));
        if let Some(entry) = candidates().find(|e| e.text == value) {
            return Named::Resource { id: entry.id, form: entry.form.clone(), rest: String::new() };
        }
        // An ARN with a path or a qualifier after it: `<bucket ARN>/logs/*`, `<group ARN>:*`.
        let under = candidates().filter(|e| matches!(e.form, As::Arn)).find_map(|e| {
            let rest = value.strip_prefix(e.text.as_str())?;
            (rest.starts_with('/') || rest.starts_with(':')).then_some((e, rest))
        });
        if let Some((entry, rest)) = under {
            return Named::Resource { id: entry.id, form: entry.form.clone(), rest: rest.to_owned() };
        }
        // `Fn::GetAtt X.A` that the reader knows only as a token.
        if let Some(inner) = value.strip_prefix('«').and_then(|v| v.strip_suffix('»'))
            && !inner.contains('«')
            && let Some((id, attribute)) = inner.split_once('.')
            && let Some((id, decl)) = self.template.resources.get_key_value(id)
        {
            return if wanted(&decl.resource_type) {
                Named::Resource { id: id.as_str(), form: As::Attribute(attribute.to_owned()), rest: String::new() }
            } else {
                Named::Outside
            };
        }
        if value.contains('«') { Named::Unknown } else { Named::Outside }
    }

    /// The value exported under the name `name` stands for (`Outputs.*.Export.Name`; in an app,
    /// the outputs of every stack).
    fn export(&self, name: &Node, texts: &dyn Texts) -> Option<&'t Node> {
        let name = texts.text_at(name, 0)?;
        self.template.outputs.values().find_map(|output| {
            let exported = texts.text_at(output.export_name.as_ref()?, 0)?;
            (exported == name).then_some(&output.value)
        })
    }
}

impl Entry<'_> {
    fn copy(&self) -> Self {
        Entry { text: self.text.clone(), id: self.id, resource_type: self.resource_type, form: self.form.clone() }
    }
}
