//! The PCI-DSS and HIPAA reference stacks of typed-cfn, and the command line their examples
//! share.
#![deny(missing_docs)]

pub mod cli;
