//! The `Parameters` section: typed parameter builders and their declarations.

use std::marker::PhantomData;

use crate::node::Node;
use crate::template::handle::ParameterHandle;

/// The AWS-specific parameter types (`AWS::EC2::VPC::Id`, …): CloudFormation checks that the
/// value names an existing resource of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsType {
    /// `AWS::EC2::AvailabilityZone::Name`
    AvailabilityZoneName,
    /// `AWS::EC2::Image::Id`
    ImageId,
    /// `AWS::EC2::Instance::Id`
    InstanceId,
    /// `AWS::EC2::KeyPair::KeyName`
    KeyPairName,
    /// `AWS::EC2::SecurityGroup::GroupName`
    SecurityGroupName,
    /// `AWS::EC2::SecurityGroup::Id`
    SecurityGroupId,
    /// `AWS::EC2::Subnet::Id`
    SubnetId,
    /// `AWS::EC2::Volume::Id`
    VolumeId,
    /// `AWS::EC2::VPC::Id`
    VpcId,
    /// `AWS::Route53::HostedZone::Id`
    HostedZoneId,
}

impl AwsType {
    const ALL: [AwsType; 10] = [
        AwsType::AvailabilityZoneName,
        AwsType::ImageId,
        AwsType::InstanceId,
        AwsType::KeyPairName,
        AwsType::SecurityGroupName,
        AwsType::SecurityGroupId,
        AwsType::SubnetId,
        AwsType::VolumeId,
        AwsType::VpcId,
        AwsType::HostedZoneId,
    ];

    /// The type name CloudFormation expects.
    pub fn as_str(self) -> &'static str {
        match self {
            AwsType::AvailabilityZoneName => "AWS::EC2::AvailabilityZone::Name",
            AwsType::ImageId => "AWS::EC2::Image::Id",
            AwsType::InstanceId => "AWS::EC2::Instance::Id",
            AwsType::KeyPairName => "AWS::EC2::KeyPair::KeyName",
            AwsType::SecurityGroupName => "AWS::EC2::SecurityGroup::GroupName",
            AwsType::SecurityGroupId => "AWS::EC2::SecurityGroup::Id",
            AwsType::SubnetId => "AWS::EC2::Subnet::Id",
            AwsType::VolumeId => "AWS::EC2::Volume::Id",
            AwsType::VpcId => "AWS::EC2::VPC::Id",
            AwsType::HostedZoneId => "AWS::Route53::HostedZone::Id",
        }
    }

    fn parse(s: &str) -> Option<AwsType> {
        AwsType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A parameter's `Type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterType {
    /// `String`
    String,
    /// `Number`
    Number,
    /// `List<Number>`
    NumberList,
    /// `List<String>`: documented only inside [`ParameterType::SsmParameterValue`]; accepted at the
    /// top level too (CloudFormation and cfn-lint take it).
    StringList,
    /// `CommaDelimitedList`
    CommaDelimitedList,
    /// An AWS-specific type, e.g. `AWS::EC2::VPC::Id`.
    Aws(AwsType),
    /// A list of an AWS-specific type, e.g. `List<AWS::EC2::Subnet::Id>`.
    AwsList(AwsType),
    /// `AWS::SSM::Parameter::Name`
    SsmParameterName,
    /// `AWS::SSM::Parameter::Value<…>`: the value of the Systems Manager parameter named by the
    /// parameter's value; the inner type is one of the types above.
    SsmParameterValue(Box<ParameterType>),
}

impl ParameterType {
    /// The type name CloudFormation expects.
    pub fn type_name(&self) -> String {
        match self {
            ParameterType::String => "String".to_owned(),
            ParameterType::Number => "Number".to_owned(),
            ParameterType::NumberList => "List<Number>".to_owned(),
            ParameterType::StringList => "List<String>".to_owned(),
            ParameterType::CommaDelimitedList => "CommaDelimitedList".to_owned(),
            ParameterType::Aws(t) => t.as_str().to_owned(),
            ParameterType::AwsList(t) => format!("List<{}>", t.as_str()),
            ParameterType::SsmParameterName => "AWS::SSM::Parameter::Name".to_owned(),
            ParameterType::SsmParameterValue(inner) => format!("AWS::SSM::Parameter::Value<{}>", inner.type_name()),
        }
    }

    /// Whether a `Ref` to the parameter is a list (`CommaDelimitedList`, `List<…>`, and
    /// `AWS::SSM::Parameter::Value<…>` of those).
    pub fn is_list(&self) -> bool {
        match self {
            ParameterType::NumberList
            | ParameterType::StringList
            | ParameterType::CommaDelimitedList
            | ParameterType::AwsList(_) => true,
            ParameterType::SsmParameterValue(inner) => inner.is_list(),
            ParameterType::String | ParameterType::Number | ParameterType::Aws(_) | ParameterType::SsmParameterName => {
                false
            }
        }
    }

    /// The type of the value a `Ref` to the parameter gives: the type itself, but for
    /// `AWS::SSM::Parameter::Value<T>`, whose `Ref` is the Systems Manager parameter's value, of
    /// type `T`. A value passed on to another template's parameter is declared with this type
    /// there (declared as `AWS::SSM::Parameter::Value<T>`, it would be read as the name of yet
    /// another Systems Manager parameter).
    pub fn value_type(&self) -> ParameterType {
        match self {
            ParameterType::SsmParameterValue(inner) => inner.value_type(),
            other => other.clone(),
        }
    }

    /// Reads a type name, as written in a template.
    pub fn parse(name: &str) -> Option<ParameterType> {
        match name {
            "String" => return Some(ParameterType::String),
            "Number" => return Some(ParameterType::Number),
            "List<Number>" => return Some(ParameterType::NumberList),
            // Undocumented, and accepted by CloudFormation and cfn-lint.
            "List<String>" => return Some(ParameterType::StringList),
            "CommaDelimitedList" => return Some(ParameterType::CommaDelimitedList),
            "AWS::SSM::Parameter::Name" => return Some(ParameterType::SsmParameterName),
            _ => {}
        }
        if let Some(inner) = name.strip_prefix("AWS::SSM::Parameter::Value<").and_then(|s| s.strip_suffix('>')) {
            let inner = match inner {
                "List<String>" => ParameterType::StringList,
                other => ParameterType::parse(other)?,
            };
            return Some(ParameterType::SsmParameterValue(Box::new(inner)));
        }
        if let Some(inner) = name.strip_prefix("List<").and_then(|s| s.strip_suffix('>')) {
            return AwsType::parse(inner).map(ParameterType::AwsList);
        }
        AwsType::parse(name).map(ParameterType::Aws)
    }
}

/// The declaration of one parameter, as it stands in the template.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDecl {
    /// `Type`
    pub parameter_type: ParameterType,
    /// `Description`
    pub description: Option<String>,
    /// `Default`
    pub default: Option<Node>,
    /// `NoEcho`
    pub no_echo: Option<bool>,
    /// `AllowedValues`
    pub allowed_values: Vec<Node>,
    /// `AllowedPattern`
    pub allowed_pattern: Option<String>,
    /// `MinLength`
    pub min_length: Option<u64>,
    /// `MaxLength`
    pub max_length: Option<u64>,
    /// `MinValue`
    pub min_value: Option<f64>,
    /// `MaxValue`
    pub max_value: Option<f64>,
    /// `ConstraintDescription`
    pub constraint_description: Option<String>,
}

impl ParameterDecl {
    /// A declaration with only a type.
    pub fn new(parameter_type: ParameterType) -> Self {
        ParameterDecl {
            parameter_type,
            description: None,
            default: None,
            no_echo: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            constraint_description: None,
        }
    }
}

/// A parameter whose `Ref` gives a `T`: build it with a constructor for its type, add it with
/// [`crate::Template::parameter`], and use the returned handle's `reference()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter<T> {
    decl: ParameterDecl,
    kind: PhantomData<fn() -> T>,
}

impl<T> Parameter<T> {
    fn typed(parameter_type: ParameterType) -> Self {
        Parameter { decl: ParameterDecl::new(parameter_type), kind: PhantomData }
    }

    /// `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.decl.description = Some(text.into());
        self
    }

    /// `NoEcho`: mask the value in the console and API output.
    pub fn no_echo(mut self) -> Self {
        self.decl.no_echo = Some(true);
        self
    }

    /// `ConstraintDescription`: what to tell the user when a constraint fails.
    pub fn constraint_description(mut self, text: impl Into<String>) -> Self {
        self.decl.constraint_description = Some(text.into());
        self
    }

    /// The declaration this builder stands for.
    pub fn into_decl(self) -> ParameterDecl {
        self.decl
    }
}

impl Parameter<String> {
    /// A `String` parameter.
    pub fn string() -> Self {
        Self::typed(ParameterType::String)
    }

    /// A parameter of an AWS-specific type, e.g. [`AwsType::VpcId`].
    pub fn aws(aws_type: AwsType) -> Self {
        Self::typed(ParameterType::Aws(aws_type))
    }

    /// `AWS::SSM::Parameter::Name`: the name of a Systems Manager parameter.
    pub fn ssm_parameter_name() -> Self {
        Self::typed(ParameterType::SsmParameterName)
    }

    /// `AWS::SSM::Parameter::Value<String>`: the value of the Systems Manager parameter whose name
    /// is given (commonly a public AMI alias).
    pub fn ssm_value() -> Self {
        Self::typed(ParameterType::SsmParameterValue(Box::new(ParameterType::String)))
    }

    /// `AWS::SSM::Parameter::Value<AWS-specific type>`.
    pub fn ssm_value_of(aws_type: AwsType) -> Self {
        Self::typed(ParameterType::SsmParameterValue(Box::new(ParameterType::Aws(aws_type))))
    }

    /// `Default`.
    pub fn default_value(mut self, value: impl Into<String>) -> Self {
        self.decl.default = Some(Node::String(value.into()));
        self
    }

    /// `AllowedValues`.
    pub fn allowed_values<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.decl.allowed_values = values.into_iter().map(|v| Node::String(v.into())).collect();
        self
    }

    /// `AllowedPattern`: a Java regular expression the whole value must match.
    pub fn allowed_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.decl.allowed_pattern = Some(pattern.into());
        self
    }

    /// `MinLength`.
    pub fn min_length(mut self, length: u64) -> Self {
        self.decl.min_length = Some(length);
        self
    }

    /// `MaxLength`.
    pub fn max_length(mut self, length: u64) -> Self {
        self.decl.max_length = Some(length);
        self
    }
}

impl Parameter<i64> {
    /// A `Number` parameter.
    pub fn number() -> Self {
        Self::typed(ParameterType::Number)
    }

    /// `Default`.
    pub fn default_value(mut self, value: i64) -> Self {
        self.decl.default = Some(Node::Int(value));
        self
    }

    /// `AllowedValues`.
    pub fn allowed_values(mut self, values: impl IntoIterator<Item = i64>) -> Self {
        self.decl.allowed_values = values.into_iter().map(Node::Int).collect();
        self
    }

    /// `MinValue`.
    pub fn min_value(mut self, value: i64) -> Self {
        self.decl.min_value = Some(value as f64);
        self
    }

    /// `MaxValue`.
    pub fn max_value(mut self, value: i64) -> Self {
        self.decl.max_value = Some(value as f64);
        self
    }
}

impl Parameter<Vec<String>> {
    /// A `CommaDelimitedList` parameter.
    pub fn comma_delimited_list() -> Self {
        Self::typed(ParameterType::CommaDelimitedList)
    }

    /// A `List<Number>` parameter.
    pub fn number_list() -> Self {
        Self::typed(ParameterType::NumberList)
    }

    /// A list of an AWS-specific type, e.g. `List<AWS::EC2::Subnet::Id>`.
    pub fn aws_list(aws_type: AwsType) -> Self {
        Self::typed(ParameterType::AwsList(aws_type))
    }

    /// `AWS::SSM::Parameter::Value<List<String>>`.
    pub fn ssm_value_list() -> Self {
        Self::typed(ParameterType::SsmParameterValue(Box::new(ParameterType::StringList)))
    }

    /// `AWS::SSM::Parameter::Value<CommaDelimitedList>`.
    pub fn ssm_value_comma_delimited_list() -> Self {
        Self::typed(ParameterType::SsmParameterValue(Box::new(ParameterType::CommaDelimitedList)))
    }

    /// `AWS::SSM::Parameter::Value<List<AWS-specific type>>`.
    pub fn ssm_value_list_of(aws_type: AwsType) -> Self {
        Self::typed(ParameterType::SsmParameterValue(Box::new(ParameterType::AwsList(aws_type))))
    }

    /// A `List<String>` parameter: documented only inside `AWS::SSM::Parameter::Value<…>`, and
    /// taken at the top level by CloudFormation and cfn-lint too.
    pub fn string_list() -> Self {
        Self::typed(ParameterType::StringList)
    }

    /// `AllowedValues` of a `CommaDelimitedList`: each item of the list given must be one of them
    /// (an allowed value may itself hold a comma, as a template may write it)
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>).
    pub fn allowed_values<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.decl.allowed_values = values.into_iter().map(|v| Node::String(v.into())).collect();
        self
    }

    /// `AllowedPattern` of a `CommaDelimitedList`: a Java regular expression each item of the
    /// list must match
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>).
    pub fn allowed_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.decl.allowed_pattern = Some(pattern.into());
        self
    }

    /// `Default`: the items, joined with commas as CloudFormation expects.
    pub fn default_value<S: AsRef<str>>(mut self, items: impl IntoIterator<Item = S>) -> Self {
        let joined: Vec<String> = items.into_iter().map(|s| s.as_ref().to_owned()).collect();
        self.decl.default = Some(Node::String(joined.join(",")));
        self
    }
}

/// A value that stands for a CloudFormation parameter: the parameter's type and constraints
/// come from the Rust type, its `Default` from the value. Implemented for `String`, `i64` and
/// `Vec<String>`; implement it for a newtype to carry a pattern or a range (see
/// `patterns::config::EnvironmentSuffix`). Used by `#[derive(Parameters)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a CloudFormation parameter",
    label = "a `#[derive(Parameters)]` field must implement `ToParameter`",
    note = "use `String`, `i64` or `Vec<String>`, or implement `ToParameter` for your type to give its parameter type and constraints"
)]
pub trait ToParameter {
    /// What the parameter's `Ref` gives.
    type Value;

    /// The parameter, with this value as its `Default`.
    fn to_parameter(&self) -> Parameter<Self::Value>;
}

impl ToParameter for String {
    type Value = String;

    fn to_parameter(&self) -> Parameter<String> {
        Parameter::string().default_value(self.clone())
    }
}

impl ToParameter for i64 {
    type Value = i64;

    fn to_parameter(&self) -> Parameter<i64> {
        Parameter::number().default_value(*self)
    }
}

impl ToParameter for Vec<String> {
    type Value = Vec<String>;

    fn to_parameter(&self) -> Parameter<Vec<String>> {
        Parameter::comma_delimited_list().default_value(self)
    }
}

/// Where parameters can be added: a [`crate::Template`] or a compliance-scoped
/// `secure::Stack`.
pub trait AddParameter {
    /// Adds `parameter` under `logical_id`.
    fn add_parameter<T>(&mut self, logical_id: &str, parameter: Parameter<T>) -> ParameterHandle<T>;
}

impl AddParameter for crate::Template {
    fn add_parameter<T>(&mut self, logical_id: &str, parameter: Parameter<T>) -> ParameterHandle<T> {
        self.parameter(logical_id, parameter)
    }
}

/// A struct whose fields are a template's parameters: `#[derive(Parameters)]` writes it. Each
/// field becomes a parameter whose logical ID is the field name in PascalCase
/// (`environment_suffix` → `EnvironmentSuffix`), whose description is the field's doc comment,
/// and whose default is the field's value; `add_to` gives back a struct of handles with the
/// same field names.
pub trait Parameters {
    /// The handles, one field per parameter.
    type Handles;

    /// Adds every parameter to `template`.
    fn add_to(&self, template: &mut impl AddParameter) -> Self::Handles;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_delimited_list_takes_a_pattern_and_allowed_values_for_each_item() {
        let decl = Parameter::comma_delimited_list()
            .allowed_pattern("[a-z]*$")
            .allowed_values(["one", "two", "three,four"])
            .default_value(["one", " two"])
            .into_decl();
        assert_eq!(decl.parameter_type, ParameterType::CommaDelimitedList);
        assert_eq!(decl.allowed_pattern.as_deref(), Some("[a-z]*$"));
        assert_eq!(decl.allowed_values, ["one", "two", "three,four"].map(Node::string));
        assert_eq!(decl.default, Some(Node::string("one, two")));
        let mut t = crate::Template::new();
        t.parameter("Names", Parameter::comma_delimited_list().allowed_pattern("[a-z]*$"));
        t.add_raw("Handle", crate::RawResource::new("AWS::CloudFormation::WaitConditionHandle"));
        let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
        assert_eq!(
            json["Parameters"]["Names"],
            serde_json::json!({"Type": "CommaDelimitedList", "AllowedPattern": "[a-z]*$"})
        );
    }

    #[test]
    fn a_string_list_is_its_type() {
        let decl = Parameter::string_list().default_value(["false"]).into_decl();
        assert_eq!(decl.parameter_type.type_name(), "List<String>");
        assert_eq!(decl.default, Some(Node::string("false")));
    }
}
