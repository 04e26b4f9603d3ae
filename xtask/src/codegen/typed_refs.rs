//! Typed references: from AWS's relationship data (`xtask/relationships/relationships.tsv`, see
//! `crate::relationships`) and its reviewed corrections (`ref_overrides.rs`), which accessors of
//! which handles give a typed `Attr<target, kind>`, and which setters take only the kinds their
//! property lists. Kept apart from `emit.rs`: the emitter asks [`get`] per property and attribute.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;
use std::sync::OnceLock;

use super::model::{Decl, Prop, ResourcePlan, Ty};
use super::{names, overrides, ref_overrides};

/// A target type's value: an attribute (`Fn::GetAtt`) or what `Ref` returns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Kind {
    pub target: String,
    pub value: String,
}

/// How a setter is typed.
pub struct Typed {
    pub kinds: Vec<Kind>,
    pub list: bool,
}

/// Why a property with relationship data is not typed.
pub struct NotTyped {
    pub owner: String,
    pub property: String,
    pub reason: String,
}

#[derive(Default)]
pub struct TypedRefs {
    /// `(owner, property)` → its kinds: `owner` is a type, or `Type.PropertyType`.
    typed: BTreeMap<(String, String), Typed>,
    not_typed: Vec<NotTyped>,
    /// Target types (with a handle in the schemas), and their `Ref` identifier if typed.
    targets: BTreeMap<String, Option<String>>,
    /// `(type, attribute)` → the kind its accessor gives (an equivalence may rename it).
    same: BTreeMap<(String, String), String>,
    total: usize,
    on_resources: usize,
}

static INSTALLED: OnceLock<TypedRefs> = OnceLock::new();

/// The typing, once [`load`]ed (empty before: generation then types nothing).
pub fn get() -> &'static TypedRefs {
    INSTALLED.get_or_init(TypedRefs::default)
}

/// Reads the compact file and the corrections, checks both against the schemas, and installs
/// the result for the emitter.
pub fn load(root: &Path, plans: &[&ResourcePlan]) -> Result<(), String> {
    let path = root.join(crate::relationships::FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let first = text.lines().next().unwrap_or_default();
    if !first.contains(crate::relationships::SHA256) || !first.contains(crate::relationships::PACKAGE) {
        return Err(format!(
            "{} is not from the pinned {} (sha256 {}): run `cargo xtask relationships <tarball>`",
            crate::relationships::FILE,
            crate::relationships::PACKAGE,
            crate::relationships::SHA256
        ));
    }
    let refs = build(&text, plans)?;
    INSTALLED.set(refs).map_err(|_| "typed references loaded twice".to_owned())
}

fn build(text: &str, plans: &[&ResourcePlan]) -> Result<TypedRefs, String> {
    let plan_of: BTreeMap<&str, &ResourcePlan> = plans.iter().map(|p| (p.type_name.as_str(), *p)).collect();
    let attributes = |type_name: &str| -> BTreeSet<String> {
        let mut set: BTreeSet<String> =
            plan_of.get(type_name).map(|p| p.attributes.iter().map(|a| a.name.clone()).collect()).unwrap_or_default();
        set.extend(overrides::ATTRIBUTES.iter().filter(|a| a.type_name == type_name).map(|a| a.attribute.to_owned()));
        set
    };
    let mut out = TypedRefs::default();
    let mut ref_ident: BTreeMap<String, String> = BTreeMap::new();
    let mut rows: Vec<(String, String, String, Vec<Kind>)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["R", type_name, ident] => {
                ref_ident.insert((*type_name).to_owned(), (*ident).to_owned());
            }
            ["P", owner, property, shape, kinds] => {
                let kinds = kinds
                    .split(',')
                    .filter_map(|k| k.rsplit_once(':'))
                    .map(|(t, v)| Kind { target: t.to_owned(), value: v.to_owned() })
                    .collect();
                rows.push(((*owner).to_owned(), (*property).to_owned(), (*shape).to_owned(), kinds));
            }
            _ => return Err(format!("{}: a line it cannot read: {line:?}", crate::relationships::FILE)),
        }
    }
    for s in ref_overrides::SAME {
        if !attributes(s.type_name).contains(s.attribute) {
            return Err(format!("ref_overrides SAME: {} has no attribute {}", s.type_name, s.attribute));
        }
        out.same.insert((s.type_name.to_owned(), s.attribute.to_owned()), s.same_as.to_owned());
    }
    for o in ref_overrides::UNTYPED {
        if !rows.iter().any(|r| r.0 == o.owner && r.1 == o.property) {
            return Err(format!("ref_overrides UNTYPED: no relationship data for {}.{}", o.owner, o.property));
        }
    }
    for o in ref_overrides::KINDS {
        let row = rows.iter_mut().find(|r| r.0 == o.owner && r.1 == o.property);
        let row =
            row.ok_or_else(|| format!("ref_overrides KINDS: no relationship data for {}.{}", o.owner, o.property))?;
        row.3 = o.kinds.iter().map(|(t, v)| Kind { target: (*t).to_owned(), value: (*v).to_owned() }).collect();
    }
    // A value a handle can give: an attribute, or what `Ref` returns.
    let obtainable = |kind: &Kind| -> bool {
        plan_of.contains_key(kind.target.as_str())
            && (attributes(&kind.target).contains(&kind.value)
                || ref_ident.get(&kind.target).is_some_and(|i| *i == kind.value))
    };
    for (owner, property, shape, kinds) in rows {
        out.total += 1;
        if !owner.contains('.') {
            out.on_resources += 1;
        }
        let mut not = |reason: String| {
            out.not_typed.push(NotTyped { owner: owner.clone(), property: property.clone(), reason });
        };
        if let Some(o) = ref_overrides::UNTYPED.iter().find(|o| o.owner == owner && o.property == property) {
            not(format!("corrected: {} ([AWS]({}))", o.reason, o.url));
            continue;
        }
        let Some(prop) = find_prop(&plan_of, &owner, &property) else {
            not("not in the registry schemas: they have no such settable property".to_owned());
            continue;
        };
        if overrides::property(&owner, &property).is_some() {
            not("guarded: its setter takes a proof type (the guard table), stronger than a kind".to_owned());
            continue;
        }
        let list = match (shape.as_str(), &prop.ty) {
            ("string", Ty::String) => false,
            ("list", Ty::List(item)) if **item == Ty::String => true,
            _ => {
                not(format!("not a string or a list of strings: `{shape}`"));
                continue;
            }
        };
        if let Some(k) = kinds.iter().find(|k| !obtainable(k)) {
            not(if plan_of.contains_key(k.target.as_str()) {
                format!(
                    "no handle gives it: `{}` of `{}` is neither an attribute nor what `Ref` returns",
                    k.value, k.target
                )
            } else {
                format!("a target type the registry schemas lack: `{}`", k.target)
            });
            continue;
        }
        let mut kinds: Vec<Kind> = kinds
            .into_iter()
            .map(|k| {
                let value = out.same.get(&(k.target.clone(), k.value.clone())).cloned().unwrap_or(k.value);
                Kind { target: k.target, value }
            })
            .collect();
        kinds.dedup();
        for k in &kinds {
            out.targets.insert(k.target.clone(), None);
        }
        out.typed.insert((owner, property), Typed { kinds, list });
    }
    for (target, slot) in out.targets.iter_mut() {
        let ident = ref_ident.get(target).filter(|i| *i != "-").cloned();
        *slot = ident;
    }
    check_forms(&out, &plan_of, &obtainable)?;
    Ok(out)
}

/// cfn-lint's `format` annotations in the pinned registry schemas that name a value of a resource
/// type, and the kind each one is.
const SCHEMA_FORMS: &[(&str, &str, &str)] = &[
    ("AWS::ACM::Certificate.Arn", "AWS::CertificateManager::Certificate", "CertificateArn"),
    ("AWS::EC2::SecurityGroup.Id", "AWS::EC2::SecurityGroup", "Id"),
    ("AWS::EC2::SecurityGroup.Ids", "AWS::EC2::SecurityGroup", "Id"),
    ("AWS::EC2::Subnet.Id", "AWS::EC2::Subnet", "SubnetId"),
    ("AWS::EC2::Subnet.Ids", "AWS::EC2::Subnet", "SubnetId"),
    ("AWS::EC2::VPC.Id", "AWS::EC2::VPC", "VpcId"),
    ("AWS::IAM::Role.Arn", "AWS::IAM::Role", "Arn"),
    ("AWS::KMS::Alias.AliasName", "AWS::KMS::Alias", "AliasName"),
    ("AWS::KMS::Key.Arn", "AWS::KMS::Key", "Arn"),
    ("AWS::KMS::Key.Id", "AWS::KMS::Key", "KeyId"),
    ("AWS::Lambda::Function.Arn", "AWS::Lambda::Function", "Arn"),
    ("AWS::Logs::LogGroup.Name", "AWS::Logs::LogGroup", "LogGroupName"),
    ("AWS::S3::Bucket.Name", "AWS::S3::Bucket", "BucketName"),
    ("AWS::SNS::Topic.Arn", "AWS::SNS::Topic", "TopicArn"),
    ("AWS::SQS::Queue.Arn", "AWS::SQS::Queue", "Arn"),
];

/// A typed setter must take every kind its property's schema allows (cfn-lint's formats) that a
/// handle can give, or `ref_overrides::FORMS_NOT_TAKEN` says why not: a schema that allows a key
/// alias where the relationship data lists only the key is a false refusal to correct.
fn check_forms(
    refs: &TypedRefs,
    plans: &BTreeMap<&str, &ResourcePlan>,
    obtainable: &dyn Fn(&Kind) -> bool,
) -> Result<(), String> {
    // Each (owner, property, format) a typed setter refuses though a handle could give it.
    let mut refused: Vec<(&str, &str, &str)> = Vec::new();
    for ((owner, property), typed) in &refs.typed {
        let forms = find_prop(plans, owner, property).map(|p| &p.forms);
        for form in forms.into_iter().flatten() {
            let Some((_, target, value)) = SCHEMA_FORMS.iter().find(|(f, ..)| f == form) else { continue };
            let kind = Kind { target: (*target).to_owned(), value: (*value).to_owned() };
            if obtainable(&kind) && !typed.kinds.contains(&kind) {
                refused.push((owner, property, form));
            }
        }
    }
    let excused =
        |o: &ref_overrides::FormNotTaken, r: &(&str, &str, &str)| o.owner == r.0 && o.property == r.1 && o.form == r.2;
    let mut errors: Vec<String> = refused
        .iter()
        .filter(|r| !ref_overrides::FORMS_NOT_TAKEN.iter().any(|o| excused(o, r)))
        .map(|(owner, property, form)| {
            format!(
                "{owner}.{property}: the pinned registry schema allows `{form}` (cfn-lint's format), which the typed \
                 setter refuses: add the kind in ref_overrides::KINDS, or say why AWS refuses it in \
                 ref_overrides::FORMS_NOT_TAKEN"
            )
        })
        .collect();
    for o in ref_overrides::FORMS_NOT_TAKEN {
        if !refused.iter().any(|r| excused(o, r)) {
            errors.push(format!(
                "ref_overrides FORMS_NOT_TAKEN: {}.{} `{}` matches no form a typed setter refuses; remove the entry",
                o.owner, o.property, o.form
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
}

fn find_prop<'a>(plans: &BTreeMap<&str, &'a ResourcePlan>, owner: &str, property: &str) -> Option<&'a Prop> {
    let (resource, property_type) = match owner.split_once('.') {
        Some((r, p)) => (r, Some(p)),
        None => (owner, None),
    };
    let plan = plans.get(resource)?;
    let props = match property_type {
        None => &plan.props,
        Some(name) => plan.decls.iter().find_map(|d| match d {
            Decl::Struct(s) if s.cfn_name == name => Some(&s.props),
            _ => None,
        })?,
    };
    props.iter().find(|p| p.cfn_name == property)
}

/// `crate::refs::target::sqs::Queue`.
fn target_path(type_name: &str) -> String {
    let name = type_name.rsplit("::").next().unwrap_or(type_name);
    format!("crate::refs::target::{}::{name}", names::ident(&names::service_module(type_name)))
}

/// `Arn`, `QueueUrl`, `EndpointAddress` (from `Endpoint.Address`).
fn kind_name(value: &str) -> String {
    names::pascal(value)
}

fn attr_type(target: &str, value: &str) -> String {
    format!("crate::refs::Attr<{}, crate::refs::kind::{}>", target_path(target), kind_name(value))
}

impl TypedRefs {
    /// The parameter type of a typed setter (with its inferred position `generic`), and the
    /// statement that stores it; `None` when the property is not typed.
    pub fn param(&self, owner: &str, prop: &Prop, generic: &str) -> Option<String> {
        let typed = self.typed.get(&(owner.to_owned(), prop.cfn_name.clone()))?;
        let kinds: Vec<String> = typed.kinds.iter().map(|k| attr_type(&k.target, &k.value)).collect();
        let tuple = if kinds.len() == 1 { format!("({},)", kinds[0]) } else { format!("({})", kinds.join(", ")) };
        let bound = if typed.list { "TakesList" } else { "Takes" };
        Some(format!("impl crate::refs::{bound}<{tuple}, {generic}>"))
    }

    /// The statement storing a typed setter's value.
    pub fn store(&self, owner: &str, prop: &Prop, props: &str, value: &str) -> Option<String> {
        let typed = self.typed.get(&(owner.to_owned(), prop.cfn_name.clone()))?;
        let call = if typed.list { "TakesList::into_list_node" } else { "Takes::into_node" };
        Some(format!("{props}.set(\"{}\", crate::refs::{call}({value}));", prop.cfn_name))
    }

    /// The return type of a string attribute's accessor, when its type is a target.
    pub fn attribute(&self, type_name: &str, attribute: &str) -> Option<String> {
        if !self.targets.contains_key(type_name) {
            return None;
        }
        let kind =
            self.same.get(&(type_name.to_owned(), attribute.to_owned())).map(String::as_str).unwrap_or(attribute);
        Some(attr_type(type_name, kind))
    }

    /// What `Ref` returns, typed when the type is a target with a one-part `Ref` identifier.
    pub fn ref_type(&self, plan: &ResourcePlan) -> String {
        match self.targets.get(&plan.type_name) {
            Some(Some(ident)) => {
                let kind = self.same.get(&(plan.type_name.clone(), ident.clone())).unwrap_or(ident);
                attr_type(&plan.type_name, kind)
            }
            _ => "crate::Value<String>".to_owned(),
        }
    }

    /// The `Ref` accessor of a target whose `Ref` identifier is not an attribute
    /// (`bucket.bucket_name()`): method name, return type.
    pub fn ref_accessor(&self, plan: &ResourcePlan) -> Option<(String, String, String)> {
        let ident = self.targets.get(&plan.type_name)?.as_ref()?;
        let is_attribute = plan.attributes.iter().any(|a| &a.name == ident)
            || overrides::ATTRIBUTES.iter().any(|a| a.type_name == plan.type_name && a.attribute == ident);
        if is_attribute {
            return None;
        }
        Some((names::ident(&names::snake(ident)), attr_type(&plan.type_name, ident), ident.clone()))
    }

    /// `refs/targets.rs`: the markers, compiled whatever the features.
    pub fn targets_file(&self, plans: &[&ResourcePlan]) -> String {
        let mut kinds: BTreeSet<String> = BTreeSet::new();
        for typed in self.typed.values() {
            kinds.extend(typed.kinds.iter().map(|k| kind_name(&k.value)));
        }
        for plan in plans.iter().filter(|p| self.targets.contains_key(&p.type_name)) {
            for a in plan.attributes.iter().filter(|a| a.ty == Ty::String) {
                if let Some(kind) = self.attribute(&plan.type_name, &a.name) {
                    kinds.insert(kind.rsplit("::").next().unwrap_or_default().trim_end_matches('>').to_owned());
                }
            }
            if let Some((_, ty, _)) = self.ref_accessor(plan) {
                kinds.insert(ty.rsplit("::").next().unwrap_or_default().trim_end_matches('>').to_owned());
            }
        }
        for a in overrides::ATTRIBUTES.iter().filter(|a| self.targets.contains_key(a.type_name)) {
            kinds.insert(kind_name(a.attribute));
        }
        let mut by_service: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for target in self.targets.keys() {
            by_service.entry(names::ident(&names::service_module(target))).or_default().push(target);
        }
        let mut out = String::from(super::emit::HEADER);
        out.push_str(
            "//! Markers of typed references (`crate::refs`): the resource types other resources name, and the\n",
        );
        out.push_str("//! kinds of value they take. Compiled whatever the service features: a setter of one service\n");
        out.push_str("//! names the types of others.\n");
        out.push_str("\n/// The kinds of value (`Attr<_, kind::Arn>`): each is the handle accessor of the same name in\n/// snake case (`kind::QueueUrl` is `queue.queue_url()`).\npub mod kind {\n");
        for kind in &kinds {
            let _ =
                writeln!(out, "    /// What `.{}()` of a handle gives.\n    pub enum {kind} {{}}", names::snake(kind));
        }
        out.push_str("}\n\n/// The resource types other resources name, by service module.\npub mod target {\n");
        for (service, types) in &by_service {
            let namespace = types[0].rsplit_once("::").map(|(ns, _)| ns).unwrap_or_default();
            let _ = writeln!(out, "    /// `{namespace}::*` types other resources name.\n    pub mod {service} {{");
            for t in types {
                let name = t.rsplit("::").next().unwrap_or(t);
                let _ = writeln!(out, "        /// `{t}`\n        pub enum {name} {{}}");
            }
            out.push_str("    }\n");
        }
        out.push_str("}\n");
        out
    }

    /// `docs/typed-references-coverage.md`.
    pub fn coverage(&self) -> String {
        let mut out = String::from("# Typed references: coverage\n\n");
        out.push_str("Generated by `cargo xtask codegen` from `xtask/relationships/relationships.tsv` (AWS's\n");
        let _ = writeln!(
            out,
            "`{}`, Apache-2.0) and `xtask/src/codegen/ref_overrides.rs`. Do not edit.\n",
            crate::relationships::PACKAGE
        );
        let _ = writeln!(
            out,
            "- Properties with relationship data: **{}** ({} on resources, {} in property types).",
            self.total,
            self.on_resources,
            self.total - self.on_resources
        );
        let _ = writeln!(out, "- Typed (the setter takes only the kinds listed): **{}**.", self.typed.len());
        let _ = writeln!(out, "- Not typed: **{}**, each below with why.\n", self.not_typed.len());
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for n in &self.not_typed {
            let head = n.reason.split([':', '`', '(']).next().unwrap_or_default().trim().to_owned();
            *reasons.entry(head).or_default() += 1;
        }
        out.push_str("| why not typed | properties |\n| --- | --- |\n");
        for (reason, count) in &reasons {
            let _ = writeln!(out, "| {reason} | {count} |");
        }
        out.push_str("\n## Corrected kinds\n\n| property or attribute | correction | why |\n| --- | --- | --- |\n");
        for k in ref_overrides::KINDS {
            let kinds: Vec<String> = k.kinds.iter().map(|(t, v)| format!("`{t}` {v}")).collect();
            let _ = writeln!(
                out,
                "| `{}.{}` | takes {} | {} ([AWS]({})) |",
                k.owner,
                k.property,
                kinds.join(", "),
                k.reason,
                k.url
            );
        }
        for same in ref_overrides::SAME {
            let _ = writeln!(
                out,
                "| `{}` attribute `{}` | the same kind as `{}` | {} ([AWS]({})) |",
                same.type_name, same.attribute, same.same_as, same.reason, same.url
            );
        }
        out.push_str(
            "\nA typed setter takes every form its property's registry schema allows (cfn-lint's `format` \
             annotations, such as `AWS::KMS::Alias.AliasName`) that a handle can give, except:\n\n\
             | property | form not taken | why |\n| --- | --- | --- |\n",
        );
        for o in ref_overrides::FORMS_NOT_TAKEN {
            let _ = writeln!(out, "| `{}.{}` | `{}` | {} ([AWS]({})) |", o.owner, o.property, o.form, o.reason, o.url);
        }
        out.push_str("\n## Not typed\n\n| property | why |\n| --- | --- |\n");
        for n in &self.not_typed {
            let _ = writeln!(out, "| `{}.{}` | {} |", n.owner, n.property, n.reason.replace('|', "\\|"));
        }
        out.push_str("\n## Typed\n\n| property | takes |\n| --- | --- |\n");
        for ((owner, property), typed) in &self.typed {
            let kinds: Vec<String> = typed.kinds.iter().map(|k| format!("`{}` {}", k.target, k.value)).collect();
            let list = if typed.list { " (a list)" } else { "" };
            let _ = writeln!(out, "| `{owner}.{property}` | {}{list} |", kinds.join(", "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::value_forms;

    #[test]
    fn forms_are_read_through_refs_alternatives_and_list_items_but_not_into_objects() {
        let schema = serde_json::json!({
            "properties": {
                "KmsKeyId": {"anyOf": [{"format": "AWS::KMS::Key.Arn"}, {"format": "AWS::KMS::Alias.AliasName"}]},
                "Subnets": {"type": "array", "items": {"$ref": "#/definitions/SubnetId"}},
                "When": {"type": "string", "format": "date-time"},
                "Config": {"$ref": "#/definitions/Config"}
            },
            "definitions": {
                "SubnetId": {"type": "string", "format": "AWS::EC2::Subnet.Id"},
                "Config": {"type": "object", "properties": {"RoleArn": {"format": "AWS::IAM::Role.Arn"}}}
            }
        });
        let of = |property: &str| -> Vec<String> {
            value_forms(&schema, &schema["properties"][property]).into_iter().collect()
        };
        assert_eq!(of("KmsKeyId"), ["AWS::KMS::Alias.AliasName", "AWS::KMS::Key.Arn"]);
        assert_eq!(of("Subnets"), ["AWS::EC2::Subnet.Id"]);
        // Not a resource's value; and an object's own properties are its property type's.
        assert!(of("When").is_empty());
        assert!(of("Config").is_empty());
        let config = &schema["definitions"]["Config"]["properties"]["RoleArn"];
        assert_eq!(value_forms(&schema, config).into_iter().collect::<Vec<_>>(), ["AWS::IAM::Role.Arn"]);
    }
}
