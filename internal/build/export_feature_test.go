package build

// Features is the build's list of feature registrations.
var Features = features
