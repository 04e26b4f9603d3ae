//! The escape hatch: a resource of any type, with properties set by name.
//!
//! For types newer than the pinned schemas, or properties the schemas do not list yet. It
//! refuses the properties that typed-cfn guards (the guard table, `secure::INTEGRATIONS`):
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

    /// A resource created from this one when the stack is deployed, which the template does not
    /// declare, named by this resource's logical ID followed by `suffix`:
    /// - AWS SAM creates resources for its own, such as `<Function>Role`, the role of an
    ///   `AWS::Serverless::Function` that names none
    ///   (<https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html>);
    /// - a module's resources are `<Module><Resource>`
    ///   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/module-ref-resources.html>).
    ///
    /// Its `Ref` and `Fn::GetAtt` name that logical ID. Nothing here knows which names the
    /// transform or the module creates: validation accepts the name only in a template whose
    /// transform creates resources, or after a module's logical ID, and refuses it otherwise.
    ///
    /// ```
    /// use cfn_core::{RawResource, Template};
    /// let mut t = Template::new();
    /// t.add_transform("AWS::Serverless-2016-10-31");
    /// let function = t.add_raw("Worker", RawResource::new("AWS::Serverless::Function"));
    /// let role = function.created_resource("Role");
    /// assert_eq!(role.logical_id(), "WorkerRole");
    /// ```
    pub fn created_resource(&self, suffix: &str) -> crate::Handle<RawResource> {
        crate::Handle::new(&format!("{}{suffix}", self.logical_id()))
    }
}

/// `Ref` of a resource of a type the model does not know: a plain string.
impl crate::handle::HasAttributes for RawResource {
    type Attributes = crate::handle::NoAttributes;
}

impl crate::refs::Referable for RawResource {
    type Ref = crate::Value<String>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Output, Template};

    #[test]
    fn a_resource_a_transform_or_a_module_creates_is_named_after_its_creator() {
        let mut t = Template::new();
        t.add_transform("AWS::Serverless-2016-10-31");
        let function = t.add_raw("Worker", RawResource::new("AWS::Serverless::Function"));
        t.output("Role", Output::new(function.created_resource("Role").reference()));
        t.output("RoleArn", Output::new(function.created_resource("Role").get_att_unchecked("Arn")));
        let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
        assert_eq!(json["Outputs"]["Role"]["Value"], serde_json::json!({"Ref": "WorkerRole"}));
        assert_eq!(json["Outputs"]["RoleArn"]["Value"], serde_json::json!({"Fn::GetAtt": ["WorkerRole", "Arn"]}));

        let mut t = Template::new();
        let module = t.add_raw("Storage", RawResource::new("My::S3::Bucket::MODULE"));
        t.output("Bucket", Output::new(module.created_resource("Bucket").reference()));
        assert!(t.to_json().is_ok());
    }

    #[test]
    fn a_created_resource_no_transform_or_module_creates_is_refused() {
        let mut t = Template::new();
        let queue = t.add_raw("Jobs", RawResource::new("AWS::SQS::Queue"));
        t.output("Role", Output::new(queue.created_resource("Role").reference()));
        let error = t.to_json().unwrap_err().to_string();
        assert!(error.contains("Ref names `JobsRole`, which is not in the template"), "{error}");
    }
}
