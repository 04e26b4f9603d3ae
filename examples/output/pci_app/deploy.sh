#!/bin/sh
# Deploys app `pci`, written by typed-cfn: each stack after the stacks it imports from.
set -eu
cd "$(dirname "$0")"
aws cloudformation deploy --stack-name pci-keys --template-file keys.json --no-fail-on-empty-changeset
aws cloudformation deploy --stack-name pci-network --template-file network.json --no-fail-on-empty-changeset --capabilities CAPABILITY_NAMED_IAM
aws cloudformation deploy --stack-name pci-data --template-file data.json --no-fail-on-empty-changeset
aws cloudformation deploy --stack-name pci-processing --template-file processing.json --no-fail-on-empty-changeset --capabilities CAPABILITY_NAMED_IAM
