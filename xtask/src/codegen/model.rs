//! From one registry schema to a plan of Rust items: the resource struct, its property types
//! and enums, and its `Fn::GetAtt` attributes.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value as Json;

use super::names::{self, Scope};

/// The Rust type of a property value; every setter takes `impl Into<Value<Ty>>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// Free-form JSON: `object` without properties, unions of types, `anyOf`/`oneOf`.
    Json,
    List(Box<Ty>),
    Map(Box<Ty>),
    /// A struct or enum in the resource's submodule.
    Named(String),
}

/// A property of a resource or of a property type.
pub struct Prop {
    pub cfn_name: String,
    pub setter: String,
    pub ty: Ty,
    pub doc: String,
    pub required: bool,
    /// cfn-lint's `AWS::…` formats in the property's schema (`AWS::KMS::Key.Arn`): which values
    /// of which resource types it may hold, by the schema.
    pub forms: BTreeSet<String>,
}

/// A property type (a `definitions` entry or an inline object).
pub struct StructDecl {
    pub name: String,
    pub cfn_name: String,
    pub doc: String,
    pub props: Vec<Prop>,
}

/// A string enum.
pub struct EnumDecl {
    pub name: String,
    pub doc: String,
    /// (variant, value)
    pub values: Vec<(String, String)>,
}

pub enum Decl {
    Struct(StructDecl),
    Enum(EnumDecl),
}

/// An `Fn::GetAtt` attribute.
pub struct Attribute {
    pub name: String,
    pub method: String,
    pub ty: Ty,
    pub doc: String,
}

/// Everything generated for one resource type.
pub struct ResourcePlan {
    pub type_name: String,
    pub name: String,
    /// The submodule holding the property types (`log_group`).
    pub module: String,
    pub doc: String,
    pub props: Vec<Prop>,
    pub decls: Vec<Decl>,
    pub attributes: Vec<Attribute>,
    /// The top-level property the schema's `tagging.tagProperty` names (`Tags` when it names
    /// none, or one below the top level).
    pub tag_property: String,
}

/// Prelude names generated code uses unqualified.
pub const PRELUDE: [&str; 4] = ["String", "Vec", "Into", "Self"];

/// Plans one resource type.
pub fn plan(type_name: &str, schema: &Json) -> ResourcePlan {
    let name = type_name.rsplit("::").next().expect("type names have three parts").to_owned();
    let read_only = pointer_names(schema, "readOnlyProperties");
    let mut resolver = Resolver {
        schema,
        scope: Scope::default(),
        def_names: HashMap::new(),
        defs: HashMap::new(),
        decls: Vec::new(),
    };
    // Generated code names these from the prelude; property types must not shadow them.
    for prelude in PRELUDE {
        resolver.scope.reserve(prelude);
    }
    for def in schema["definitions"].as_object().into_iter().flat_map(|d| d.keys()) {
        // Definition names come first so inline types never take them.
        let unique = resolver.scope.claim(&names::pascal(def), "Def");
        resolver.def_names.insert(def.clone(), unique);
    }
    let props = resolver.props(&name, schema, |p| read_only.contains(p));
    let attributes = attributes(schema);
    let decls = resolver.decls.into_iter().flatten().collect();
    ResourcePlan {
        type_name: type_name.to_owned(),
        module: names::ident(&names::snake(&name)),
        doc: first_paragraph(schema["description"].as_str().unwrap_or_default()),
        name,
        props,
        decls,
        attributes,
        tag_property: schema["tagging"]["tagProperty"]
            .as_str()
            .and_then(|p| p.strip_prefix("/properties/"))
            .filter(|p| !p.contains('/'))
            .unwrap_or("Tags")
            .to_owned(),
    }
}

/// The top-level property names a list like `readOnlyProperties` names (`/properties/Arn`).
fn pointer_names(schema: &Json, key: &str) -> BTreeSet<String> {
    schema[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .filter_map(|p| p.strip_prefix("/properties/"))
        .filter(|p| !p.contains('/'))
        .map(str::to_owned)
        .collect()
}

struct Resolver<'a> {
    schema: &'a Json,
    scope: Scope,
    /// Definition name → its Rust type name.
    def_names: HashMap<String, String>,
    /// Definition name → its type, once resolved (or while resolving, for recursion).
    defs: HashMap<String, Ty>,
    /// In creation order; `None` while a struct's own properties are being resolved.
    decls: Vec<Option<Decl>>,
}

impl Resolver<'_> {
    /// The properties of an object schema, minus the excluded (read-only) ones.
    fn props(&mut self, owner: &str, object: &Json, exclude: impl Fn(&str) -> bool) -> Vec<Prop> {
        let required: BTreeSet<&str> =
            object["required"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
        let mut setters = Scope::default();
        for reserved in ["new", "this", "into_properties", "to_node"] {
            setters.reserve(reserved);
        }
        let mut props = Vec::new();
        for (cfn_name, prop) in object["properties"].as_object().into_iter().flatten() {
            if exclude(cfn_name) {
                continue;
            }
            let ty = self.ty(prop, owner, cfn_name);
            let doc = self.description(prop);
            let setter = names::ident(&setters.claim(&names::snake(cfn_name), "set_"));
            props.push(Prop {
                cfn_name: cfn_name.clone(),
                setter,
                ty,
                doc,
                required: required.contains(cfn_name.as_str()),
                forms: value_forms(self.schema, prop),
            });
        }
        props
    }

    /// The description of a property, or of the definition it refers to.
    fn description(&self, prop: &Json) -> String {
        let text = prop["description"].as_str().or_else(|| self.deref(prop).and_then(|d| d["description"].as_str()));
        first_paragraph(text.unwrap_or_default())
    }

    /// The schema a `$ref` points to.
    fn deref(&self, prop: &Json) -> Option<&Json> {
        let target = prop["$ref"].as_str()?;
        let target = target.strip_prefix("resource-schema.json").unwrap_or(target);
        if let Some(def) = target.strip_prefix("#/definitions/") {
            self.schema["definitions"].get(def)
        } else if let Some(p) = target.strip_prefix("#/properties/") {
            self.schema["properties"].get(p)
        } else {
            None
        }
    }

    fn ty(&mut self, prop: &Json, owner: &str, cfn_name: &str) -> Ty {
        if let Some(target) = prop["$ref"].as_str() {
            return match target.strip_prefix("#/definitions/") {
                Some(def) => self.definition(def),
                None => match self.deref(prop) {
                    Some(resolved) if resolved["$ref"].is_null() => self.ty(&resolved.clone(), owner, cfn_name),
                    _ => Ty::Json,
                },
            };
        }
        let inline_name = || names::pascal(cfn_name);
        self.shape(prop, &inline_name(), owner, None)
    }

    /// A definition's type, resolved once.
    fn definition(&mut self, def: &str) -> Ty {
        if let Some(ty) = self.defs.get(def) {
            return ty.clone();
        }
        let Some(schema) = self.schema["definitions"].get(def).cloned() else { return Ty::Json };
        let name = self.def_names[def].clone();
        // A placeholder for recursion through lists and maps: only structs can recurse here.
        self.defs.insert(def.to_owned(), Ty::Json);
        let ty = self.shape(&schema, &name, "", Some(def));
        self.defs.insert(def.to_owned(), ty.clone());
        ty
    }

    /// The type of a schema that is not a `$ref`. `name` is the type name to use if it needs
    /// one (a definition's own name, or the property name for inline types, with `owner` in
    /// front if that is taken).
    fn shape(&mut self, schema: &Json, name: &str, owner: &str, definition: Option<&str>) -> Ty {
        if schema["$ref"].is_string() {
            return self.ty(schema, owner, name);
        }
        let types: Vec<&str> = match &schema["type"] {
            Json::String(t) => vec![t.as_str()],
            Json::Array(ts) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        if let Some(values) = schema["enum"].as_array() {
            let strings: Vec<&str> = values.iter().filter_map(Json::as_str).collect();
            if !strings.is_empty() && strings.len() == values.len() && (types.is_empty() || types == ["string"]) {
                let name = self.claim(name, owner, definition);
                let doc = first_paragraph(schema["description"].as_str().unwrap_or_default());
                let mut variants = Scope::default();
                variants.reserve("Self");
                let values =
                    strings.iter().map(|v| (variants.claim(&names::variant(v), "V"), (*v).to_owned())).collect();
                self.decls.push(Some(Decl::Enum(EnumDecl { name: name.clone(), doc, values })));
                return Ty::Named(name);
            }
        }
        if types.is_empty() && schema["properties"].is_null() {
            // `oneOf`/`anyOf` of one typed shape and free-form JSON: the typed shape is a subset
            // CloudFormation accepts, so it is the one to offer.
            let variants = schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array());
            let refs: Vec<&Json> = variants.into_iter().flatten().filter(|v| v["$ref"].is_string()).collect();
            if let [only] = refs.as_slice() {
                let only = serde_json::json!({ "$ref": only["$ref"] });
                return self.ty(&only, owner, name);
            }
        }
        match types.as_slice() {
            ["string"] => Ty::String,
            ["integer"] => Ty::Integer,
            ["number"] => Ty::Number,
            ["boolean"] => Ty::Boolean,
            // A list definition names its items: it has no type of its own.
            ["array"] => match schema.get("items") {
                Some(items) if items.is_object() => Ty::List(Box::new(self.shape(items, name, owner, definition))),
                _ => Ty::List(Box::new(Ty::Json)),
            },
            ["object"] | [] if schema["properties"].as_object().is_some_and(|p| !p.is_empty()) => {
                let name = self.claim(name, owner, definition);
                let slot = self.decls.len();
                self.decls.push(None);
                if let Some(def) = definition {
                    self.defs.insert(def.to_owned(), Ty::Named(name.clone()));
                }
                let props = self.props(&name, schema, |_| false);
                let doc = first_paragraph(schema["description"].as_str().unwrap_or_default());
                let cfn_name = definition.unwrap_or(name.as_str()).to_owned();
                self.decls[slot] = Some(Decl::Struct(StructDecl { name: name.clone(), cfn_name, doc, props }));
                Ty::Named(name)
            }
            ["object"] => match self.map_values(schema) {
                Some(values) => Ty::Map(Box::new(self.shape(&values, name, owner, None))),
                None => Ty::Json,
            },
            _ => Ty::Json,
        }
    }

    /// The value schema of a map (`patternProperties` with one value schema, or an
    /// `additionalProperties` schema).
    fn map_values(&self, schema: &Json) -> Option<Json> {
        if let Some(patterns) = schema["patternProperties"].as_object() {
            let mut values = patterns.values();
            let first = values.next()?;
            return values.all(|v| v == first).then(|| first.clone());
        }
        schema["additionalProperties"].as_object().filter(|o| !o.is_empty()).map(|o| Json::Object(o.clone()))
    }

    /// A type name in the submodule: a definition keeps its own, an inline type takes the
    /// property name or, if taken, the owner's name in front of it.
    fn claim(&mut self, name: &str, owner: &str, definition: Option<&str>) -> String {
        if definition.is_some() {
            // Claimed up front, in `plan`.
            return name.to_owned();
        }
        self.scope.claim(name, owner)
    }
}

/// `Fn::GetAtt` attributes: read-only properties whose value is a scalar or a list of scalars
/// (`/properties/Endpoint/Address` becomes `Endpoint.Address`).
fn attributes(schema: &Json) -> Vec<Attribute> {
    let mut methods = Scope::default();
    for reserved in ["logical_id", "reference", "get_att"] {
        methods.reserve(reserved);
    }
    let mut out = Vec::new();
    for pointer in schema["readOnlyProperties"].as_array().into_iter().flatten().filter_map(Json::as_str) {
        let Some(path) = pointer.strip_prefix("/properties/") else { continue };
        let segments: Vec<&str> = path.split('/').collect();
        if segments.iter().any(|s| *s == "*" || s.is_empty()) {
            continue;
        }
        let Some(leaf) = walk(schema, &segments) else { continue };
        let Some(ty) = scalar(schema, leaf) else { continue };
        let method = names::ident(&methods.claim(&names::snake(&segments.join("_")), "attribute_"));
        let doc = first_paragraph(leaf["description"].as_str().unwrap_or_default());
        out.push(Attribute { name: segments.join("."), method, ty, doc });
    }
    out
}

fn resolve<'a>(schema: &'a Json, node: &'a Json) -> &'a Json {
    let mut node = node;
    for _ in 0..8 {
        let Some(target) = node["$ref"].as_str() else { break };
        let target = target.strip_prefix("resource-schema.json").unwrap_or(target);
        node = match (target.strip_prefix("#/definitions/"), target.strip_prefix("#/properties/")) {
            (Some(def), _) => &schema["definitions"][def],
            (_, Some(p)) => &schema["properties"][p],
            _ => return node,
        };
    }
    node
}

fn walk<'a>(schema: &'a Json, segments: &[&str]) -> Option<&'a Json> {
    let mut node = schema.get("properties")?.get(segments[0])?;
    for segment in &segments[1..] {
        node = resolve(schema, node).get("properties")?.get(*segment)?;
    }
    Some(node)
}

fn scalar(schema: &Json, node: &Json) -> Option<Ty> {
    let node = resolve(schema, node);
    match node["type"].as_str() {
        Some("string") | None if node["properties"].is_null() => Some(Ty::String),
        Some("integer") => Some(Ty::Integer),
        Some("number") => Some(Ty::Number),
        Some("boolean") => Some(Ty::Boolean),
        Some("array") => {
            let items = node.get("items").map(|i| resolve(schema, i));
            match items {
                None => Some(Ty::List(Box::new(Ty::String))),
                Some(items) => match scalar(schema, items)? {
                    Ty::List(_) => None,
                    inner => Some(Ty::List(Box::new(inner))),
                },
            }
        }
        _ => None,
    }
}

/// The first paragraph of a schema description, on one line.
pub fn first_paragraph(text: &str) -> String {
    let paragraph = text.trim().split("\n\n").next().unwrap_or_default();
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `AWS::…` formats (cfn-lint's annotations, `AWS::KMS::Alias.AliasName`) a property's schema
/// node allows, through `$ref`, `anyOf`/`oneOf`/`allOf` and list items (not into the properties of
/// an object: those are its property type's).
pub fn value_forms(schema: &Json, node: &Json) -> BTreeSet<String> {
    fn walk(schema: &Json, node: &Json, seen: &mut Vec<String>, found: &mut BTreeSet<String>) {
        if let Some(format) = node["format"].as_str().filter(|f| f.starts_with("AWS::")) {
            found.insert(format.to_owned());
        }
        if let Some(name) = node["$ref"].as_str().and_then(|r| r.strip_prefix("#/definitions/"))
            && !seen.iter().any(|s| s == name)
        {
            seen.push(name.to_owned());
            walk(schema, &schema["definitions"][name], seen, found);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alternative in node[key].as_array().into_iter().flatten() {
                walk(schema, alternative, seen, found);
            }
        }
        if node["items"].is_object() {
            walk(schema, &node["items"], seen, found);
        }
    }
    let mut found = BTreeSet::new();
    walk(schema, node, &mut Vec::new(), &mut found);
    found
}
