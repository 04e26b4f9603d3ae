//! How fast templates are built, emitted and parsed back.
//!
//! ```sh
//! cargo bench --bench emit                  # all
//! cargo bench --bench emit -- synthetic     # one group
//! ```
//!
//! Figures and the machine they were taken on: BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use patterns::{hipaa, pci_dss};
use typed_cfn::policy::{IdentityPolicy, Statement};
use typed_cfn::resources::iam::ManagedPolicy;
use typed_cfn::resources::sqs::Queue;
use typed_cfn::secure::{EncryptedLogGroup, KeyPolicy, KmsKey, LogsGrant, SecureBucket};
use typed_cfn::{Attributes, Format, Output, Template, actions, sub};

/// A template of exactly `n` resources: a key, then units of an encrypted log group, an
/// encrypted queue, a secure bucket with its bucket policy and a policy that references all three (so that validation
/// has references to follow), then log groups up to `n`.
fn synthetic(n: usize) -> Template {
    let mut t = Template::new();
    let policy = KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()).grant_s3();
    let key = t.add_with("Key", KmsKey::new(policy), Attributes::retain());
    let log_group =
        |i: usize| EncryptedLogGroup::new(key.arn()).log_group_name(format!("/synthetic/{i}")).retention_in_days(365);
    // A unit: a log group, a queue, a secure bucket and its policy, a managed policy (5 resources).
    let units = (n - 1) / 5;
    for i in units..units + (n - 1) % 5 {
        t.add_with(&format!("Logs{i}"), log_group(i), Attributes::retain());
    }
    for i in 0..units {
        let logs = t.add_with(&format!("Logs{i}"), log_group(i), Attributes::retain());
        let queue = t.add_with(&format!("Queue{i}"), Queue::new().kms_master_key_id(key.arn()), Attributes::retain());
        let bucket = t.build(&format!("Bucket{i}"), SecureBucket::new(key.arn())).bucket;
        let document = IdentityPolicy::new([
            Statement::allow(actions!["logs:PutLogEvents"]).resource(logs.arn()),
            Statement::allow(actions!["sqs:SendMessage"]).resource(queue.arn()),
            Statement::allow(actions!["s3:GetObject"]).resource(sub!("${B.Arn}/*", "B.Arn" = bucket.arn())),
        ]);
        t.add(&format!("Policy{i}"), ManagedPolicy::new(document));
    }
    t.output("KeyArn", Output::new(key.arn()));
    debug_assert_eq!(t.resources().len(), n);
    t
}

fn reference_stacks(c: &mut Criterion) {
    let pci = pci_dss::PciDssConfig::default();
    let hipaa = hipaa::HipaaConfig::default();
    let mut group = c.benchmark_group("reference");
    for (format, name) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
        group.bench_function(BenchmarkId::new("pci_dss", name), |b| {
            b.iter(|| pci_dss::template(black_box(&pci)).emit(format).unwrap())
        });
        group.bench_function(BenchmarkId::new("hipaa", name), |b| {
            b.iter(|| hipaa::template(black_box(&hipaa)).emit(format).unwrap())
        });
    }
    group.finish();
}

fn synthetic_templates(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    for n in [100, 250, 500] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("build_emit_json", n), &n, |b, &n| {
            b.iter(|| synthetic(black_box(n)).emit(Format::Json).unwrap())
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let pci = pci_dss::template(&pci_dss::PciDssConfig::default());
    let pci_json = pci.to_json().unwrap();
    let pci_yaml = pci.to_yaml().unwrap();
    let big_json = synthetic(500).to_json().unwrap();
    let mut group = c.benchmark_group("parse");
    group.bench_function("pci_dss_json", |b| b.iter(|| Template::from_json(black_box(&pci_json)).unwrap()));
    group.bench_function("pci_dss_yaml", |b| b.iter(|| Template::from_yaml(black_box(&pci_yaml)).unwrap()));
    group.bench_function("synthetic_500_json", |b| b.iter(|| Template::from_json(black_box(&big_json)).unwrap()));
    // The same template with one anchor, which the one-pass YAML reader leaves to the full one.
    let anchored = pci_yaml.replacen("AWSTemplateFormatVersion: ", "AWSTemplateFormatVersion: &version ", 1);
    assert_ne!(anchored, pci_yaml, "the PCI template starts with its format version");
    group.bench_function("pci_dss_yaml_anchored", |b| b.iter(|| Template::from_yaml(black_box(&anchored)).unwrap()));
    // Every YAML file of tests/ and of cfn-lint's templates ($CFN_LINT_FIXTURES), each read once
    // (a file that is not a template is read and refused, as audit does).
    let files = yaml_files();
    group.throughput(Throughput::Bytes(files.iter().map(|f| f.len() as u64).sum()));
    group.bench_function(BenchmarkId::new("yaml_files", files.len()), |b| {
        b.iter(|| {
            for file in &files {
                let _ = black_box(Template::from_yaml(black_box(file)));
            }
        })
    });
    group.finish();
}

/// The text of every `.yaml`, `.yml` and `.template` file under tests/ and `$CFN_LINT_FIXTURES`.
fn yaml_files() -> Vec<String> {
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")];
    dirs.extend(std::env::var_os("CFN_LINT_FIXTURES").map(std::path::PathBuf::from));
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "template")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.push(text);
            }
        }
    }
    files
}

/// Writing alone: the PCI stack's node tree as text, without validation or the check.
fn write(c: &mut Criterion) {
    let pci = pci_dss::template(&pci_dss::PciDssConfig::default()).to_node();
    let mut group = c.benchmark_group("write");
    for (format, name) in [(Format::Json, "pci_dss_json"), (Format::Yaml, "pci_dss_yaml")] {
        group.bench_function(name, |b| b.iter(|| typed_cfn::emit::write_node(black_box(&pci), format).unwrap()));
    }
    group.finish();
}

/// The final-template check alone (it also runs inside every emit above).
fn final_check(c: &mut Criterion) {
    let pci = pci_dss::template(&pci_dss::PciDssConfig::default());
    let big = synthetic(500);
    let mut group = c.benchmark_group("check");
    group.bench_function("pci_dss", |b| b.iter(|| typed_cfn::check::run(black_box(&pci))));
    // The same with a bucket for load balancer access logs, whose policy's principal is chosen by a
    // condition of the Region: the check judges it in six Regions instead of one.
    let mut regional = pci.clone();
    regional.build("AlbLogs", typed_cfn::secure::AccessLogBucket::new(365).for_load_balancers());
    group.bench_function("pci_dss_with_load_balancer_logs", |b| b.iter(|| typed_cfn::check::run(black_box(&regional))));
    group.bench_function("synthetic_500", |b| b.iter(|| typed_cfn::check::run(black_box(&big))));
    group.bench_function("build_synthetic_500", |b| b.iter(|| synthetic(black_box(500))));
    group.finish();
}

criterion_group!(benches, reference_stacks, synthetic_templates, parse, write, final_check);
criterion_main!(benches);
