//! The generated API, as the build script indexed it from `cfn-model/src/resources/`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The index's text (see `build.rs` for its lines).
const INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/api_index.tsv"));

/// A typed property: the setter's method and the value type it takes.
#[derive(Debug, Clone)]
pub struct Setter {
    /// The CloudFormation property.
    pub property: String,
    /// The method (`None` for an argument of `new`).
    pub method: Option<String>,
    /// The value type: `String`, `i64`, `Vec<…>`, `crate::Json`, a path below `resources`,
    /// `!` and a hand-written guarded type, or the typed references it takes: `@kms::Key|Arn,…`
    /// (`@@…` for a list of them).
    pub ty: String,
}

/// A generated struct: a resource or a property type.
#[derive(Debug, Default, Clone)]
pub struct Struct {
    /// The arguments of `new`, in order.
    pub required: Vec<Setter>,
    /// The setters.
    pub setters: Vec<Setter>,
    /// The handle's attribute methods: attribute → (method, value type).
    pub attributes: HashMap<String, (String, String)>,
    /// What the handle's `reference()` gives where it is a typed reference: `kms::Key|KeyId`.
    pub reference: Option<String>,
}

impl Struct {
    /// The setter or argument of `property`.
    pub fn property(&self, property: &str) -> Option<&Setter> {
        self.required.iter().chain(&self.setters).find(|s| s.property == property)
    }
}

/// The whole index.
#[derive(Debug, Default)]
pub struct Api {
    /// CloudFormation type → (feature, path below `resources`).
    pub resources: HashMap<String, (String, String)>,
    /// Path below `resources` → struct.
    pub structs: HashMap<String, Struct>,
    /// Enum path → value → variant.
    pub enums: HashMap<String, HashMap<String, String>>,
}

/// The index, read once.
pub fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let mut api = Api::default();
        for line in INDEX.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["R", cfn, feature, path] => {
                    api.resources.insert((*cfn).to_owned(), ((*feature).to_owned(), (*path).to_owned()));
                }
                ["N", path, property, ty] => api.structs.entry((*path).to_owned()).or_default().required.push(Setter {
                    property: (*property).to_owned(),
                    method: None,
                    ty: (*ty).to_owned(),
                }),
                ["S", path, property, method, ty] => {
                    api.structs.entry((*path).to_owned()).or_default().setters.push(Setter {
                        property: (*property).to_owned(),
                        method: Some((*method).to_owned()),
                        ty: (*ty).to_owned(),
                    })
                }
                ["A", path, attribute, method, ty] => {
                    api.structs
                        .entry((*path).to_owned())
                        .or_default()
                        .attributes
                        .insert((*attribute).to_owned(), ((*method).to_owned(), (*ty).to_owned()));
                }
                ["F", path, kind] => {
                    api.structs.entry((*path).to_owned()).or_default().reference = Some((*kind).to_owned());
                }
                ["E", path, value, variant] => {
                    api.enums.entry((*path).to_owned()).or_default().insert((*value).to_owned(), (*variant).to_owned());
                }
                _ => {}
            }
        }
        api
    })
}
