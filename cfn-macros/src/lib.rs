//! Procedural macros of typed-cfn, checked at compile time with the grammar `cfn-model` uses at
//! emit time (`cfn-grammar`). Use them through the `typed-cfn` crate.
//!
//! - [`sub!`]: an `Fn::Sub` string whose pseudo parameters and variables are checked.
//! - [`actions!`]: IAM action literals checked against AWS's action list.
//! - [`service_principal!`]: a service principal, never the global CloudWatch Logs one.
//! - [`raw_resource!`]: the untyped escape hatch, refusing guarded properties at compile time.
//! - [`Parameters`]: a struct whose fields are a template's parameters.
//!
//! No `syn`: the inputs are a string literal and a few `name = expr` pairs, and parsing them by
//! hand keeps the build of every user of typed-cfn shorter.

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

use cfn_grammar::{actions, sub};

/// `Fn::Sub` with its string checked at compile time.
///
/// ```text
/// let arn = sub!("arn:${AWS::Partition}:s3:::${Bucket}/*", Bucket = bucket.reference());
/// ```
///
/// An unknown pseudo parameter (`${AWS::Regoin}`), an unbalanced `${`, a `${Name}` that names no
/// variable given, or a variable the string never uses, is a compile error. Variables are
/// `Name = expr` (or `"Name.Attr" = expr`) where `expr` is `impl Into<Value<String>>`; a `Ref`
/// or `Fn::GetAtt` value is written into the string as `${Name}`, anything else goes into the
/// variable map.
#[proc_macro]
pub fn sub(input: TokenStream) -> TokenStream {
    let fallback = format!("{}::__private::sub_checked(\"\", ::std::vec::Vec::new())", crate_root());
    expand_sub(input).unwrap_or_else(|(span, message)| compile_error(span, &message, &fallback))
}

/// IAM actions, each checked against AWS's action list at compile time: an array of `Action`.
///
/// ```text
/// Statement::allow(actions!["kms:Decrypt", "kms:GenerateDataKey*"])
/// ```
///
/// An unknown action (`kms:Decrpyt`), AWS's action in another case (`kms:GenerateDatakey`), or a
/// wildcard that matches nothing is a compile error that names the nearest action.
#[proc_macro]
pub fn actions(input: TokenStream) -> TokenStream {
    let fallback = format!("[{}::__private::action(\"*\")]", crate_root());
    expand_actions(input).unwrap_or_else(|(span, message)| compile_error(span, &message, &fallback))
}

/// A service principal such as `lambda.amazonaws.com`, checked at compile time. The CloudWatch
/// Logs principal is refused: key policies grant it only through `LogsGrant`, with the regional
/// name and the encryption-context condition CloudWatch Logs requires.
#[proc_macro]
pub fn service_principal(input: TokenStream) -> TokenStream {
    let fallback = format!("{}::__private::service_principal(\"\")", crate_root());
    expand_service_principal(input).unwrap_or_else(|(span, message)| compile_error(span, &message, &fallback))
}

/// An untyped resource (`RawResource`) for types or properties the generated types lack, with
/// its property names checked at compile time: a property typed-cfn guards (a log group's
/// `KmsKeyId`, a key's `KeyPolicy`, a database's `MasterUserPassword`, …) is refused, naming
/// the typed way to set it.
///
/// ```text
/// let thing = raw_resource!("AWS::NewService::Thing", {
///     "Name": "orders",
///     "Size": 3,
/// });
/// ```
///
/// Values are `impl Into<Value<Json>>`: string, number and boolean literals, a `serde_json::Value`
/// (feature `serde_json`, on by default), or a typed value through `.into_json()`. `RawResource::property` sets one property at a time
/// without this compile-time check; the guarded properties it is given are refused when the
/// template is emitted.
#[proc_macro]
pub fn raw_resource(input: TokenStream) -> TokenStream {
    let fallback = format!("{}::RawResource::new(\"\")", crate_root());
    expand_raw_resource(input).unwrap_or_else(|(span, message)| compile_error(span, &message, &fallback))
}

/// A struct whose fields are a template's parameters.
///
/// ```text
/// #[derive(Parameters)]
/// struct StackParameters {
///     /// Suffix of every resource name.
///     environment_suffix: EnvironmentSuffix,   // its type gives the pattern and length
///     /// Instances behind the load balancer.
///     instance_count: i64,
/// }
///
/// let p = StackParameters { environment_suffix: EnvironmentSuffix::new("dev")?, instance_count: 2 }
///     .add_to(&mut template);
/// let name = sub!("orders-${Env}", Env = p.environment_suffix.reference());
/// ```
///
/// Each field becomes a parameter: its logical ID is the field name in PascalCase, its
/// description the doc comment, its default the field's value, its type and constraints those
/// of the field's type (`ToParameter`). `add_to` returns `<Name>Handles`, a struct of
/// `ParameterHandle`s with the same field names.
#[proc_macro_derive(Parameters)]
pub fn derive_parameters(input: TokenStream) -> TokenStream {
    expand_parameters(input).unwrap_or_else(|(span, message)| {
        // At item level: `compile_error!("…");` without the block an expression needs.
        let block = compile_error(span, &message, "");
        block
            .into_iter()
            .flat_map(|tree| match tree {
                TokenTree::Group(group) => group.stream(),
                other => other.into(),
            })
            .collect()
    })
}

type Failure = (Span, String);

fn expand_sub(input: TokenStream) -> Result<TokenStream, Failure> {
    let args = split_commas(input);
    let Some(first) = args.first() else {
        return Err((Span::call_site(), "sub! needs a string: sub!(\"arn:${AWS::Partition}:…\", Name = value)".into()));
    };
    let (text, span) = string_literal(first)?;
    let vars = sub::parse_sub(&text).map_err(|e| (span, format!("in this Fn::Sub string: {}", e.message)))?;

    let mut given: Vec<(String, Span, TokenStream)> = Vec::new();
    for arg in &args[1..] {
        given.push(variable(arg)?);
    }
    for var in vars.iter().filter(|v| !v.is_pseudo()) {
        if !given.iter().any(|(name, _, _)| name == var.name) {
            let hint = if var.attribute().is_some() {
                format!("\"{}\" = handle.attribute()", var.name)
            } else {
                format!("{} = handle.reference()", var.name)
            };
            return Err((span, format!("`${{{}}}` names no variable given to sub!: add `{hint}`", var.name)));
        }
    }
    for (name, name_span, _) in &given {
        if !vars.iter().any(|v| v.name == name) {
            return Err((
                *name_span,
                format!("variable `{name}` is not used in the Fn::Sub string: remove it or write `${{{name}}}`"),
            ));
        }
    }

    let root = crate_root();
    let mut pairs = TokenStream::new();
    for (name, _, expr) in given {
        let pair = format!(
            "(\"{name}\", {root}::Value::<::std::string::String>::into_node(::core::convert::Into::<{root}::Value<::std::string::String>>::into(__SUB_EXPR__))),"
        );
        pairs.extend(replace_placeholder(&pair, expr));
    }
    let mut call: TokenStream = format!("{root}::__private::sub_checked").parse().expect("a path");
    let mut args = TokenStream::new();
    args.extend([TokenTree::Literal(Literal::string(&text)), TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    let vec_macro: TokenStream = "::std::vec!".parse().expect("a path");
    args.extend(vec_macro);
    args.extend([TokenTree::Group(Group::new(Delimiter::Bracket, pairs))]);
    call.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, args))]);
    Ok(call)
}

fn expand_raw_resource(input: TokenStream) -> Result<TokenStream, Failure> {
    let usage = "write raw_resource!(\"AWS::Service::Type\", { \"Property\": value, … })";
    let args = split_commas(input);
    let (type_name, _) =
        args.first().map(|a| string_literal(a)).transpose()?.ok_or((Span::call_site(), usage.to_owned()))?;
    let root = crate_root();
    let mut code = format!("{root}::RawResource::new({type_name:?})");
    let mut values = Vec::new();
    match args.as_slice() {
        [_] => {}
        [_, body] => {
            let [TokenTree::Group(group)] = body.as_slice() else {
                return Err((body[0].span(), usage.to_owned()));
            };
            if group.delimiter() != Delimiter::Brace {
                return Err((group.span(), usage.to_owned()));
            }
            for entry in split_commas(group.stream()) {
                let colon = entry.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'));
                let Some(colon) = colon.filter(|&i| i > 0 && i + 1 < entry.len()) else {
                    return Err((entry[0].span(), "write each property as `\"Name\": value`".to_owned()));
                };
                let (name, span) = string_literal(&entry[..colon])?;
                if let Some(fix) = cfn_guards::guarded_fix(&type_name, &name) {
                    return Err((
                        span,
                        format!("`{name}` of {type_name} is guarded: the escape hatch cannot set it; use {fix}"),
                    ));
                }
                code.push_str(&format!(".property({name:?}, __SUB_EXPR__)"));
                values.push(entry[colon + 1..].iter().cloned().collect::<TokenStream>());
            }
        }
        _ => return Err((Span::call_site(), usage.to_owned())),
    }
    // Fill the placeholders in order.
    let mut out = TokenStream::new();
    let mut values = values.into_iter();
    for tree in code.parse::<TokenStream>().expect("generated code parses") {
        match tree {
            TokenTree::Group(g)
                if g.stream()
                    .into_iter()
                    .any(|t| matches!(&t, TokenTree::Ident(i) if i.to_string() == "__SUB_EXPR__")) =>
            {
                let value = values.next().expect("one value per placeholder");
                let inner = replace_placeholder(&g.stream().to_string(), value);
                out.extend([TokenTree::Group(Group::new(g.delimiter(), inner))]);
            }
            other => out.extend([other]),
        }
    }
    Ok(out)
}

/// One field of a `#[derive(Parameters)]` struct.
struct ParameterField {
    name: String,
    doc: Vec<String>,
    ty: TokenStream,
}

fn expand_parameters(input: TokenStream) -> Result<TokenStream, Failure> {
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let mut i = 0;
    // Outer attributes and visibility.
    while matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        i += 2;
    }
    let mut vis = String::new();
    if matches!(trees.get(i), Some(TokenTree::Ident(id)) if id.to_string() == "pub") {
        vis.push_str("pub");
        i += 1;
        if let Some(TokenTree::Group(g)) =
            trees.get(i).filter(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis))
        {
            vis.push_str(&g.to_string());
            i += 1;
        }
    }
    let not_struct = "#[derive(Parameters)] is for a struct with named fields";
    match trees.get(i) {
        Some(TokenTree::Ident(id)) if id.to_string() == "struct" => i += 1,
        other => return Err((other.map_or(Span::call_site(), TokenTree::span), not_struct.to_owned())),
    }
    let Some(TokenTree::Ident(name)) = trees.get(i) else {
        return Err((Span::call_site(), not_struct.to_owned()));
    };
    let name = name.to_string();
    i += 1;
    let body = match trees.get(i) {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
        Some(TokenTree::Punct(p)) if p.as_char() == '<' => {
            return Err((p.span(), "#[derive(Parameters)] does not take generic parameters".to_owned()));
        }
        other => return Err((other.map_or(Span::call_site(), TokenTree::span), not_struct.to_owned())),
    };
    let fields = parameter_fields(body)?;

    let root = crate_root();
    let handles = format!("{name}Handles");
    let mut handle_fields = String::new();
    let mut inits = String::new();
    for (n, field) in fields.iter().enumerate() {
        let id = cfn_names::parameter_id(&field.name);
        handle_fields.push_str(&format!("#[doc = \"The `{id}` parameter.\"] pub {}: __VALUE_{n}__,", field.name));
        inits.push_str(&format!("{}: __CALL_{n}__,", field.name));
    }
    let code = format!(
        "#[doc = \"The parameters of [`{name}`], added to a template.\"] {vis} struct {handles} {{ {handle_fields} }}
         impl {root}::Parameters for {name} {{
             type Handles = {handles};
             fn add_to(&self, template: &mut impl {root}::AddParameter) -> {handles} {{ {handles} {{ {inits} }} }}
         }}"
    );
    // What depends on each field's type is written with the type's span, so that an error about
    // the type (it is not `ToParameter`) points at the field.
    let mut pieces: Vec<(String, TokenStream)> = Vec::new();
    for (n, field) in fields.iter().enumerate() {
        let span = field.ty.clone().into_iter().next().map_or(Span::call_site(), |t| t.span());
        let ty = TokenTree::Group(Group::new(Delimiter::Parenthesis, field.ty.clone()));
        let handle = format!("{root}::ParameterHandle<<__T__ as {root}::ToParameter>::Value>");
        let mut value: TokenStream = respan(handle.parse().expect("parses"), span);
        value = value
            .into_iter()
            .map(|t| match t {
                TokenTree::Ident(i) if i.to_string() == "__T__" => ty.clone(),
                other => other,
            })
            .collect();
        pieces.push((format!("__VALUE_{n}__"), value));
        let id = cfn_names::parameter_id(&field.name);
        let description = match field.doc.is_empty() {
            true => String::new(),
            false => format!(".description({:?})", field.doc.join(" ")),
        };
        let call = format!(
            "template.add_parameter({id:?}, {root}::ToParameter::to_parameter(&self.{}){description})",
            field.name
        );
        pieces.push((format!("__CALL_{n}__"), respan(call.parse().expect("parses"), span)));
    }
    fn fill(stream: TokenStream, pieces: &[(String, TokenStream)]) -> TokenStream {
        let mut out = TokenStream::new();
        for tree in stream {
            match tree {
                TokenTree::Ident(ident) => match pieces.iter().find(|(name, _)| *name == ident.to_string()) {
                    Some((_, piece)) => out.extend(piece.clone()),
                    None => out.extend([TokenTree::Ident(ident)]),
                },
                TokenTree::Group(group) => {
                    out.extend([TokenTree::Group(Group::new(group.delimiter(), fill(group.stream(), pieces)))])
                }
                other => out.extend([other]),
            }
        }
        out
    }
    fn respan(stream: TokenStream, span: Span) -> TokenStream {
        stream
            .into_iter()
            .map(|mut tree| {
                if let TokenTree::Group(group) = &tree {
                    let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                    inner.set_span(span);
                    tree = TokenTree::Group(inner);
                }
                tree.set_span(span);
                tree
            })
            .collect()
    }
    Ok(fill(code.parse().expect("generated code parses"), &pieces))
}

/// The named fields of a struct body: doc comments, name, type.
fn parameter_fields(body: TokenStream) -> Result<Vec<ParameterField>, Failure> {
    // Split on commas outside `<…>`.
    let mut chunks: Vec<Vec<TokenTree>> = vec![Vec::new()];
    let mut depth = 0i32;
    for tree in body {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth -= 1,
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                chunks.push(Vec::new());
                continue;
            }
            _ => {}
        }
        chunks.last_mut().expect("never empty").push(tree);
    }
    chunks.retain(|c| !c.is_empty());
    let mut fields = Vec::new();
    for chunk in chunks {
        let mut doc = Vec::new();
        let mut i = 0;
        while matches!(chunk.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
            if let Some(TokenTree::Group(g)) = chunk.get(i + 1) {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if let [TokenTree::Ident(id), TokenTree::Punct(eq), lit] = inner.as_slice()
                    && id.to_string() == "doc"
                    && eq.as_char() == '='
                    && let Ok((text, _)) = string_literal(std::slice::from_ref(lit))
                {
                    let text = text.trim();
                    if !text.is_empty() {
                        doc.push(text.to_owned());
                    }
                }
            }
            i += 2;
        }
        if matches!(chunk.get(i), Some(TokenTree::Ident(id)) if id.to_string() == "pub") {
            i += 1;
            if matches!(chunk.get(i), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis) {
                i += 1;
            }
        }
        let (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(colon))) = (chunk.get(i), chunk.get(i + 1)) else {
            return Err((chunk[0].span(), "#[derive(Parameters)] is for a struct with named fields".to_owned()));
        };
        if colon.as_char() != ':' || chunk.len() <= i + 2 {
            return Err((colon.span(), "expected `name: Type`".to_owned()));
        }
        let name = name.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        fields.push(ParameterField { name, doc, ty: chunk[i + 2..].iter().cloned().collect() });
    }
    if fields.is_empty() {
        return Err((Span::call_site(), "#[derive(Parameters)] needs at least one field".to_owned()));
    }
    Ok(fields)
}

fn expand_actions(input: TokenStream) -> Result<TokenStream, Failure> {
    let root = crate_root();
    let mut items = TokenStream::new();
    for arg in split_commas(input) {
        let (action, span) = string_literal(&arg)?;
        actions::check_action(&action).map_err(|e| (span, e.message))?;
        let mut call: TokenStream = format!("{root}::__private::action").parse().expect("a path");
        call.extend([TokenTree::Group(Group::new(
            Delimiter::Parenthesis,
            TokenTree::Literal(Literal::string(&action)).into(),
        ))]);
        items.extend(call);
        items.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    }
    Ok(TokenTree::Group(Group::new(Delimiter::Bracket, items)).into())
}

fn expand_service_principal(input: TokenStream) -> Result<TokenStream, Failure> {
    let args = split_commas(input);
    let [arg] = args.as_slice() else {
        return Err((Span::call_site(), "service_principal! takes one string, e.g. \"lambda.amazonaws.com\"".into()));
    };
    let (host, span) = string_literal(arg)?;
    if host == "logs.amazonaws.com" || (host.starts_with("logs.") && host.ends_with(".amazonaws.com")) {
        return Err((
            span,
            "CloudWatch Logs is not granted a key through a generic statement: it needs its own statement with the regional principal `logs.${AWS::Region}.amazonaws.com` and an `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn`; use `KeyPolicy::grant_logs(LogsGrant::account_wide())`".into(),
        ));
    }
    let valid = host.strip_suffix(".amazonaws.com").is_some_and(|name| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    });
    if !valid {
        return Err((
            span,
            format!(
                "`{host}` is not a service principal: write `<service>.amazonaws.com`, e.g. `lambda.amazonaws.com`"
            ),
        ));
    }
    let root = crate_root();
    let mut call: TokenStream = format!("{root}::__private::service_principal").parse().expect("a path");
    call.extend([TokenTree::Group(Group::new(
        Delimiter::Parenthesis,
        TokenTree::Literal(Literal::string(&host)).into(),
    ))]);
    Ok(call)
}

/// The path the expansion names the runtime by: `crate` inside cfn-model, `::cfn_model` in
/// crates that use cfn-model directly (patterns), `::typed_cfn` everywhere else.
fn crate_root() -> &'static str {
    match std::env::var("CARGO_CRATE_NAME").as_deref() {
        Ok("cfn_model") => "crate",
        Ok("patterns") => "::cfn_model",
        _ => "::typed_cfn",
    }
}

/// The arguments, split on top-level commas (a trailing comma is fine).
fn split_commas(input: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut args = vec![Vec::new()];
    for tree in input {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => args.push(Vec::new()),
            _ => args.last_mut().expect("never empty").push(tree),
        }
    }
    args.retain(|a| !a.is_empty());
    args
}

/// `Name = expr`, `"Name.Attr" = expr`.
fn variable(arg: &[TokenTree]) -> Result<(String, Span, TokenStream), Failure> {
    let span = arg.first().map_or(Span::call_site(), TokenTree::span);
    let usage = "write variables as `Name = value` or `\"Name.Attribute\" = value`";
    let name = match arg.first() {
        Some(TokenTree::Ident(ident)) => ident.to_string(),
        Some(TokenTree::Literal(_)) => string_literal(&arg[..1])?.0,
        _ => return Err((span, usage.into())),
    };
    match arg.get(1) {
        Some(TokenTree::Punct(p)) if p.as_char() == '=' && arg.len() > 2 => {}
        _ => return Err((span, usage.into())),
    }
    Ok((name, span, arg[2..].iter().cloned().collect()))
}

/// The value of a string literal argument, and its span.
fn string_literal(arg: &[TokenTree]) -> Result<(String, Span), Failure> {
    let tree = match arg {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            // A literal passed through a macro_rules! fragment.
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            return string_literal(&inner);
        }
        [tree] => tree,
        _ => return Err((arg.first().map_or(Span::call_site(), TokenTree::span), "expected a string literal".into())),
    };
    let TokenTree::Literal(literal) = tree else {
        return Err((tree.span(), "expected a string literal".into()));
    };
    unquote(&literal.to_string())
        .map(|s| (s, literal.span()))
        .ok_or((literal.span(), "expected a string literal".into()))
}

/// The text of a Rust string literal: `"…"` with the common escapes, or a raw string.
fn unquote(source: &str) -> Option<String> {
    if let Some(raw) = source.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..raw.len() - hashes)?;
        return body.strip_prefix('"')?.strip_suffix('"').map(str::to_owned);
    }
    let body = source.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '\n' => {
                // Line continuation: skip the leading whitespace of the next line.
                let rest: String = chars.by_ref().collect();
                out.push_str(&unquote(&format!("\"{}\"", rest.trim_start()))?);
                return Some(out);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// `code` parsed, with the identifier `__SUB_EXPR__` replaced by `expr` in parentheses.
fn replace_placeholder(code: &str, expr: TokenStream) -> TokenStream {
    fn walk(stream: TokenStream, expr: &TokenStream) -> TokenStream {
        stream
            .into_iter()
            .map(|tree| match tree {
                TokenTree::Ident(ident) if ident.to_string() == "__SUB_EXPR__" => {
                    TokenTree::Group(Group::new(Delimiter::Parenthesis, expr.clone()))
                }
                TokenTree::Group(group) => {
                    let mut replaced = Group::new(group.delimiter(), walk(group.stream(), expr));
                    replaced.set_span(group.span());
                    TokenTree::Group(replaced)
                }
                other => other,
            })
            .collect()
    }
    walk(code.parse().expect("generated code parses"), &expr)
}

/// `{ compile_error!("message"); fallback }` at `span`: the fallback is a value of the type the
/// macro would have produced, so that no second error about types follows the first.
fn compile_error(span: Span, message: &str, fallback: &str) -> TokenStream {
    let mut ident = Ident::new("compile_error", span);
    ident.set_span(span);
    let mut bang = Punct::new('!', Spacing::Alone);
    bang.set_span(span);
    let mut text = Literal::string(message);
    text.set_span(span);
    let mut group = Group::new(Delimiter::Parenthesis, TokenTree::Literal(text).into());
    group.set_span(span);
    let mut semi = Punct::new(';', Spacing::Alone);
    semi.set_span(span);
    let mut inner: TokenStream =
        [TokenTree::Ident(ident), TokenTree::Punct(bang), TokenTree::Group(group), TokenTree::Punct(semi)]
            .into_iter()
            .collect();
    inner.extend(fallback.parse::<TokenStream>().expect("the fallback parses"));
    let mut block = Group::new(Delimiter::Brace, inner);
    block.set_span(span);
    TokenTree::Group(block).into()
}
