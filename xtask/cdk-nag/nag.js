// Runs cdk-nag's HIPAA Security and PCI DSS 3.2.1 packs over CloudFormation templates, as a user
// of cdk-nag 2.x does on a template they did not write in CDK: each template is brought into its
// own stack with `CfnInclude`, both packs are added as aspects with `reports: true`, the app is
// synthesized, and cdk-nag's own JSON reports are printed as one JSON array on stdout:
// `[{template, pack, ruleId, resourceId, compliance, exceptionReason, ruleLevel}]`.
// cdk-nag reads the suppressions itself, from each resource's `Metadata.cdk_nag.rules_to_suppress`
// (`[{id, reason}]`); a suppressed finding is reported with compliance "Suppressed".
//
// Usage: node nag.js TEMPLATE.json... (the modules come from NODE_PATH, which `cargo xtask test`
// points at the `npm ci` install of this folder's package-lock.json in `.tools/`).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { HIPAASecurityChecks, PCIDSS321Checks, NagReportFormat } = require('cdk-nag');

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error('usage: node nag.js TEMPLATE.json...');
  process.exit(2);
}
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-'));
// CDK validates included templates against its bundled resource specification and prints
// warnings on stderr (an engine version newer than the bundle, say); they are not findings.
const app = new cdk.App({ outdir });
const stacks = templates.map((file, i) => {
  const stack = new cdk.Stack(app, `Template${i}`);
  new CfnInclude(stack, 'Template', { templateFile: file });
  return { file, stack };
});
const packs = [
  new HIPAASecurityChecks({ reports: true, reportFormats: [NagReportFormat.JSON] }),
  new PCIDSS321Checks({ reports: true, reportFormats: [NagReportFormat.JSON] }),
];
for (const pack of packs) cdk.Aspects.of(app).add(pack);
app.synth();

const findings = [];
for (const { file, stack } of stacks) {
  for (const pack of ['HIPAA.Security', 'PCI.DSS.321']) {
    // `<pack>-<stage>-<stack>-NagReport.json`; the app is the stage, and its ID is empty.
    const name = fs.readdirSync(outdir).find((f) => f.startsWith(`${pack}-`) && f.endsWith(`-${stack.stackName}-NagReport.json`));
    if (name === undefined) throw new Error(`cdk-nag wrote no ${pack} report for ${file}`);
    const report = path.join(outdir, name);
    for (const line of JSON.parse(fs.readFileSync(report, 'utf8')).lines) {
      findings.push({
        template: file,
        pack,
        ruleId: line.ruleId,
        // `/Template0/Template/Bucket` is the template's logical ID `Bucket`.
        resourceId: line.resourceId.split('/').pop(),
        compliance: line.compliance,
        exceptionReason: line.exceptionReason,
        ruleLevel: line.ruleLevel,
      });
    }
  }
}
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(findings, null, 1) + '\n');
