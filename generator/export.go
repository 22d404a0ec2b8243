package generator

// Exported views of the generator's rules for `aigw-backend import`, which
// must write specs that regenerate given objects and so needs the same
// defaults the generator applies. Kept in one file so the rules stay in
// one place and the importer never re-implements them.

// DefaultSchemaVersion is the schema.version the generator emits when a
// spec gives none ("" when it emits none).
func DefaultSchemaVersion(schema string) string { return defaultVersion(schema) }

// SchemaUsesVersion reports whether upstream reads schema.version for a schema.
func SchemaUsesVersion(schema string) bool { return schemaUsesVersion(schema) }

// SchemaUsesPrefix reports whether upstream reads schema.prefix for a schema.
func SchemaUsesPrefix(schema string) bool { return schemaUsesPrefix(schema) }

// HostPatternString returns how a provider's hostname is derived: "" (fixed
// Hostname), or a pattern with {region} or {resource}, or "required".
func (p Provider) HostPatternString() string { return string(p.HostPattern) }

// Host is the hostname the provider's pattern gives for a region or an
// Azure resource, the one the generator derives when the spec names no
// hostname ("" for a provider with a fixed or required hostname).
func (p Provider) Host(region, resource string) string { return p.HostPattern.host(region, resource) }

// BedrockRegion returns the region an AWS Bedrock hostname encodes (the
// one the upstream signer derives).
func BedrockRegion(host string) (string, bool) { return regionOfHost(bedrockHostRE(), host) }

// VertexRegion returns the region a Vertex AI hostname encodes ("global"
// for aiplatform.googleapis.com).
func VertexRegion(host string) (string, bool) { return regionOfHost(vertexHostRE(), host) }

// VertexHost is the Vertex AI hostname of a region: {region}-aiplatform.googleapis.com,
// or aiplatform.googleapis.com for "global".
func VertexHost(region string) string {
	if region == "global" {
		return "aiplatform.googleapis.com"
	}
	return region + "-aiplatform.googleapis.com"
}

// ValidAWSRegion reports whether r is an AWS region the generator accepts.
func ValidAWSRegion(r string) bool { return awsRegionRE().MatchString(r) }

// ValidGCPRegion reports whether r is a GCP region the generator accepts.
func ValidGCPRegion(r string) bool { return gcpRegionRE().MatchString(r) }

// ValidAzureResource reports whether r is an Azure resource name the generator accepts.
func ValidAzureResource(r string) bool { return azureResRE().MatchString(r) }
