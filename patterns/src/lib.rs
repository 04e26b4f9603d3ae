//! The PCI-DSS and HIPAA reference stacks (built in a later step).
