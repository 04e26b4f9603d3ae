//! The escape hatch: a resource of any type, with properties set by name.
//!
//! For types newer than the pinned schemas, or properties the schemas do not list yet. It
//! refuses the properties that typed-cfn guards (the guard table, [`crate::secure::INTEGRATIONS`]):
//! setting one makes the template fail validation with a message naming the typed way.

use crate::node::Node;
use crate::template::resource::Properties;
use crate::value::{Json, Value};

/// A resource whose type and properties are given as strings.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResource {
    resource_type: String,
    properties: Properties,
}

impl RawResource {
    /// A resource of `resource_type` (e.g. `AWS::NewService::Thing`) with no properties.
    pub fn new(resource_type: impl Into<String>) -> Self {
        RawResource { resource_type: resource_type.into(), properties: Properties::new() }
    }

    /// The type name.
    pub fn resource_type(&self) -> &str {
        &self.resource_type
    }

    /// Sets a property by name.
    pub fn property(mut self, name: &'static str, value: impl Into<Value<Json>>) -> Self {
        self.properties.set(name, value.into().into_node());
        self
    }

    /// The properties set so far.
    pub fn properties(&self) -> &Properties {
        &self.properties
    }

    /// The properties as a node.
    pub fn to_node(&self) -> Node {
        self.properties.to_node()
    }
}

impl crate::Template {
    /// Adds an untyped resource. Prefer the generated types: they check required properties
    /// and value types at compile time.
    pub fn add_raw(&mut self, logical_id: &str, resource: RawResource) -> crate::Handle<RawResource> {
        self.add_raw_with(logical_id, resource, crate::Attributes::new())
    }

    /// Adds an untyped resource with attributes.
    pub fn add_raw_with(
        &mut self,
        logical_id: &str,
        resource: RawResource,
        attributes: crate::Attributes,
    ) -> crate::Handle<RawResource> {
        for name in resource.properties.as_map().keys() {
            if cfn_guards::guarded_fix(&resource.resource_type, name).is_some() {
                self.refused.push((logical_id.to_owned(), resource.resource_type.clone(), name.clone()));
            }
        }
        let decl = crate::ResourceDecl {
            tagging: crate::data::tagging::tagging_of(&resource.resource_type),
            resource_type: resource.resource_type,
            properties: resource.properties,
            attributes,
        };
        self.insert_resource(logical_id, decl);
        crate::Handle::new(logical_id)
    }
}

impl crate::Handle<RawResource> {
    /// `Fn::GetAtt` of an attribute by name: unchecked, as the type is unknown.
    pub fn get_att_unchecked(&self, attribute: &str) -> Value<String> {
        self.get_att(attribute)
    }
}

/// `Ref` of a resource of a type the model does not know: a plain string.
impl crate::refs::Referable for RawResource {
    type Ref = crate::Value<String>;
}
