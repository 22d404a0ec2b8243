package generator

import (
	"reflect"
	"slices"
	"strings"
)

// The JSON Schema of AIBackendSpec (schemas/aibackendspec.schema.json) is
// built here, from the same Go types, json tags, catalog and patterns the
// decoder and the checks use, so that it cannot drift from them. Nothing in
// the function calls JSONSchema: the linker drops it from the binary, and
// the program that writes the file (internal/schemagen) adds the
// descriptions from README.md and the doc comments of types.go.
//
// The schema is sound with respect to the function: a spec the function
// accepts always validates (optional fields may be null or empty, as the
// decoder treats both as absent). It is not complete: rules that need the
// catalog entry of the chosen provider (which region format, which auth
// block) or JSON parsing are left to the function.
//
//go:generate go run ../internal/schemagen -root ..

// SchemaDraft is the JSON Schema dialect of the file: draft-07 is the one
// every editor plugin and validator understands.
const SchemaDraft = "http://json-schema.org/draft-07/schema#"

// SchemaNode is one JSON Schema node; empty members are left out.
type SchemaNode struct {
	Schema               string                 `json:"$schema,omitempty"`
	ID                   string                 `json:"$id,omitempty"`
	Title                string                 `json:"title,omitempty"`
	Description          string                 `json:"description,omitempty"`
	Type                 any                    `json:"type,omitempty"`
	Const                any                    `json:"const,omitempty"`
	Enum                 []any                  `json:"enum,omitempty"`
	Pattern              string                 `json:"pattern,omitempty"`
	MinLength            *int                   `json:"minLength,omitempty"`
	MaxLength            *int                   `json:"maxLength,omitempty"`
	Minimum              *int                   `json:"minimum,omitempty"`
	Maximum              *int                   `json:"maximum,omitempty"`
	Items                *SchemaNode            `json:"items,omitempty"`
	MinItems             *int                   `json:"minItems,omitempty"`
	MaxItems             *int                   `json:"maxItems,omitempty"`
	UniqueItems          bool                   `json:"uniqueItems,omitempty"`
	Properties           map[string]*SchemaNode `json:"properties,omitempty"`
	Required             []string               `json:"required,omitempty"`
	PropertyNames        *SchemaNode            `json:"propertyNames,omitempty"`
	AdditionalProperties any                    `json:"additionalProperties,omitempty"`
	AllOf                []*SchemaNode          `json:"allOf,omitempty"`
	AnyOf                []*SchemaNode          `json:"anyOf,omitempty"`
	Not                  *SchemaNode            `json:"not,omitempty"`
	If                   *SchemaNode            `json:"if,omitempty"`
	Then                 *SchemaNode            `json:"then,omitempty"`
}

// SchemaField names a field for a description: its path in the spec
// ("spec.auth.aws.region", list items end in "[]") and the Go struct and
// field it decodes into (empty for the root).
type SchemaField struct {
	Path, GoType, GoField string
}

// Target API versions the function can emit (see resolveTarget).
var (
	aiGatewayAPIVersions        = []string{"v1beta1", "v1alpha1"}
	backendTLSPolicyAPIVersions = []string{"v1", "v1alpha3"}
)

// Patterns the checks spell as code rather than as one regular expression.
// Each is cross-checked against that code in schema_test.go.
const (
	dnsLabelPart   = `[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?`
	ipv4Pattern    = `^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$`
	entraIDPattern = `^[^ \t\n/]+$`
	noSpacePattern = `^[^ \t\n]+$`
	headerValuePat = `^[^\r\n\x00]*$`
	// https URL with a host, as oidc() checks with url.Parse (which
	// lowercases the scheme).
	httpsURLPattern = `^[Hh][Tt][Tt][Pp][Ss]://([^/?#]*@)?[^/?#@]+([/?#]|$)`
	// checkHostname: an IP address, or 254 characters without a final dot
	notHostnamePattern = ipv4Pattern + `|^.{253}[^.]$`
	// checkMetaKey: keys the function sets itself and orchestrator prefixes.
	reservedMetaKeyPattern = `^(app\.kubernetes\.io/managed-by|fn\.aigw\.dev/spec|(config\.kubernetes\.io|internal\.config\.kubernetes\.io|config\.k8s\.io|kustomize\.config\.k8s\.io)/.*)$`
)

// Endpoint hostnames: a lowercase DNS name with at least two labels of at
// most 63 characters, optionally ending with a dot (checkHostname); the TLS
// hostname may not end with a dot.
var (
	hostnamePattern    = `^` + dnsLabelPart + `(\.` + dnsLabelPart + `)+\.?$`
	tlsHostnamePattern = `^` + dnsLabelPart + `(\.` + dnsLabelPart + `)+$`
	// qualifiedKeyPattern is checkQualifiedName: an optional DNS subdomain
	// prefix and a name of at most 63 characters.
	qualifiedKeyPattern = `^(` + strings.Trim(dnsSubdomainPattern(), "^$") + `/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`
)

func dnsSubdomainPattern() string { return dnsSubdomainRE().String() }

// stringRule constrains one string (a field, a list item, a map key or value).
type stringRule struct {
	pattern, notPattern string
	minLen, maxLen      int
	enum                []string
	constant            string
}

// fieldRules are keyed by "GoType.jsonName"; list items add "[]", map keys
// "{key}" and map values "{value}". Keying by type (not by path) keeps a
// rule on every path a type appears under (SecretRef, OIDC).
func fieldRules() map[string]stringRule {
	secretHeader := make([]string, 0, len(secretHeaders))
	for h := range secretHeaders {
		secretHeader = append(secretHeader, caseInsensitive(h))
	}
	slices.Sort(secretHeader)
	dnsLabel := stringRule{pattern: dnsLabelRE().String(), maxLen: 63}
	secretName := stringRule{pattern: dnsSubdomainPattern(), maxLen: 253}
	return map[string]stringRule{
		"AIBackendSpec.apiVersion": {constant: APIVersion},
		"AIBackendSpec.kind":       {constant: Kind},
		"ObjectMeta.name":          {pattern: dnsSubdomainPattern(), maxLen: maxNameLen},
		"ObjectMeta.namespace":     dnsLabel,

		"Spec.provider":      {enum: providerKeys()},
		"Schema.name":        {enum: schemaNames},
		"Schema.version":     {pattern: versionRE().String()},
		"Schema.prefix":      {pattern: prefixRE().String()},
		"Endpoint.region":    {pattern: alternatives(awsRegionRE().String(), gcpRegionRE().String())},
		"Endpoint.regions[]": {pattern: alternatives(awsRegionRE().String(), gcpRegionRE().String())},
		"Endpoint.hostname": {pattern: hostnamePattern, notPattern: notHostnamePattern,
			maxLen: 254},
		"Endpoint.resource":       {pattern: azureResRE().String()},
		"ServiceRef.name":         dnsLabel,
		"ServiceRef.namespace":    dnsLabel,
		"TLS.hostname":            {pattern: tlsHostnamePattern, notPattern: ipv4Pattern, maxLen: 253},
		"TLS.caCertificateRefs[]": secretName,

		"SecretRef.name":      secretName,
		"SecretRef.namespace": dnsLabel,
		"AWSAuth.region":      {pattern: awsRegionRE().String()},
		"AWSAuth.roleArn":     {pattern: roleArnRE().String()},
		"AzureAuth.clientID":  {pattern: entraIDPattern},
		"AzureAuth.tenantID":  {pattern: entraIDPattern},
		"GCPAuth.projectName": {pattern: gcpProjectRE().String()},
		"GCPAuth.region":      {pattern: gcpRegionRE().String()},
		"OIDC.issuer":         {pattern: httpsURLPattern},
		"OIDC.scopes[]":       {pattern: noSpacePattern},

		"OverrideFromRequestHeaders.header":     {pattern: headerNameRE().String(), maxLen: 256},
		"OverrideFromDynamicMetadata.namespace": {pattern: noSpacePattern},

		"Header.name": {pattern: headerNameRE().String(), maxLen: 256,
			notPattern: "^(" + strings.Join(secretHeader, "|") + ")$"},
		"Header.value":            {pattern: headerValuePat, maxLen: 4096},
		"HeaderMutation.remove[]": {pattern: headerNameRE().String(), maxLen: 256},
		"BodyField.path":          {pattern: noSpacePattern},
		"BodyMutation.remove[]":   {pattern: noSpacePattern},

		"Target.aiGatewayAPIVersion":        {enum: aiGatewayAPIVersions},
		"Target.backendTLSPolicyAPIVersion": {enum: backendTLSPolicyAPIVersions},

		"Spec.labels{key}":      {pattern: qualifiedKeyPattern, notPattern: reservedMetaKeyPattern},
		"Spec.labels{value}":    {pattern: labelValueRE().String(), maxLen: 63},
		"Spec.annotations{key}": {pattern: qualifiedKeyPattern, notPattern: reservedMetaKeyPattern},
	}
}

// intRules bound integers, keyed like fieldRules.
var intRules = map[string][2]int{
	"Endpoint.port":   {1, 65535},
	"ServiceRef.port": {1, 65535},
}

// listRules bound list lengths, keyed like fieldRules.
func listRules() map[string]struct {
	maxItems int
	unique   bool
} {
	type lr = struct {
		maxItems int
		unique   bool
	}
	return map[string]lr{
		"TLS.caCertificateRefs": {maxItems: 8, unique: true},
		"Endpoint.regions":      {unique: true},
		"HeaderMutation.set":    {maxItems: maxMutations},
		"HeaderMutation.remove": {maxItems: maxMutations},
		"BodyMutation.set":      {maxItems: maxMutations},
		"BodyMutation.remove":   {maxItems: maxMutations},
	}
}

// extraRequired lists fields that are optional in Go (pointers with
// omitempty) but that the checks require.
var extraRequired = map[string][]string{
	"OIDC": {"clientSecretRef"},
}

// relation is a rule between two fields of one object.
type relation struct {
	kind string // "exclusive", "exactlyOne", "requires"
	a, b string
}

// objectRules are the cross-field rules of each struct (auth.go,
// resolve.go): blocks that exclude each other and fields that need another.
func objectRules() map[string][]relation {
	return map[string][]relation{
		"Endpoint": {{"exclusive", "service", "hostname"}, {"exclusive", "service", "region"},
			{"exclusive", "service", "resource"}, {"exclusive", "resource", "hostname"},
			{"exclusive", "regions", "region"}, {"exclusive", "regions", "hostname"}, {"exclusive", "regions", "service"}},
		"CredentialOverride": {{"exactlyOne", "fromRequestHeaders", "fromDynamicMetadata"}},
		"Auth": {{"exclusive", "secretRef", "aws"}, {"exclusive", "secretRef", "azure"}, {"exclusive", "secretRef", "gcp"},
			{"exclusive", "aws", "azure"}, {"exclusive", "aws", "gcp"}, {"exclusive", "azure", "gcp"}},
		"AWSAuth": {{"exclusive", "credentialsSecretRef", "oidc"}, {"requires", "profile", "credentialsSecretRef"},
			{"requires", "oidc", "roleArn"}, {"requires", "roleArn", "oidc"}},
		"AzureAuth": {{"exactlyOne", "clientSecretRef", "oidc"}},
		"GCPAuth":   {{"exclusive", "credentialsSecretRef", "workloadIdentityFederation"}},
		"OIDC":      {{"exactlyOne", "clientID", "clientIDRef"}},
	}
}

// JSONSchema returns the schema of AIBackendSpec. describe gives the
// description of each field ("" for none); id is the schema's $id.
func JSONSchema(id string, describe func(SchemaField) string) *SchemaNode {
	b := schemaBuilder{describe: describe, rules: fieldRules(), lists: listRules(), objects: objectRules()}
	root := b.node(reflect.TypeFor[AIBackendSpec](), SchemaField{}, "", false)
	root.Schema, root.ID, root.Title = SchemaDraft, id, Kind
	spec := root.Properties["spec"]
	// provider, or schema.name and an endpoint (resolveSchema)
	spec.AnyOf = []*SchemaNode{
		{Required: []string{"provider"}, Properties: map[string]*SchemaNode{"provider": {Type: "string"}}},
		{Required: []string{"schema", "endpoint"}, Properties: map[string]*SchemaNode{
			"schema": {Type: "object", Required: []string{"name"}, Properties: map[string]*SchemaNode{"name": {Type: "string"}}},
			"endpoint": {Type: "object", AnyOf: []*SchemaNode{
				{Required: []string{"hostname"}, Properties: map[string]*SchemaNode{"hostname": {Type: "string", MinLength: ptr(1)}}},
				{Required: []string{"service"}, Properties: map[string]*SchemaNode{"service": {Type: "object"}}},
			}},
		}},
	}
	// TLS off: no hostname, no CA references (resolveTLS)
	spec.Properties["tls"].If = &SchemaNode{Type: "object", Required: []string{"enabled"}, Properties: map[string]*SchemaNode{"enabled": {Const: false}}}
	spec.Properties["tls"].Then = &SchemaNode{Not: &SchemaNode{AnyOf: []*SchemaNode{
		present("hostname", reflect.String), present("caCertificateRefs", reflect.Slice)}}}
	return root
}

type schemaBuilder struct {
	describe func(SchemaField) string
	rules    map[string]stringRule
	lists    map[string]struct {
		maxItems int
		unique   bool
	}
	objects map[string][]relation
}

// node builds the schema of a value of type t; key is "GoType.jsonName" (or
// "" for the root), required says whether the field must be given.
func (b *schemaBuilder) node(t reflect.Type, f SchemaField, key string, optional bool) *SchemaNode {
	isPtr := t.Kind() == reflect.Pointer
	if isPtr {
		t = t.Elem()
	}
	n := &SchemaNode{Description: b.describe(f)}
	typ := func(name string) {
		if optional {
			n.Type = []string{name, "null"}
		} else {
			n.Type = name
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		typ("object")
		b.object(n, t, f.Path)
	case reflect.Map:
		typ("object")
		if keyRule, ok := b.rules[key+"{key}"]; ok {
			n.PropertyNames = stringNode(keyRule, false, false)
		}
		if t.Elem().Kind() == reflect.String {
			// a null value is refused by the decoder (it would read as
			// "" to some tools and "null" to others): not nullable here
			// either, so editors and the function agree
			n.AdditionalProperties = stringNode(b.rules[key+"{value}"], false, true)
		} else {
			n.AdditionalProperties = b.node(t.Elem(), SchemaField{Path: f.Path + "{value}"}, key+"{value}", false)
		}
	case reflect.Slice:
		typ("array")
		item := b.node(t.Elem(), SchemaField{Path: f.Path + "[]", GoType: f.GoType, GoField: f.GoField}, key+"[]", false)
		if t.Elem().Kind() == reflect.String {
			// items are never optional: an empty entry is an error
			item = stringNode(b.rules[key+"[]"], false, false)
		}
		item.Description = ""
		n.Items = item
		if lr, ok := b.lists[key]; ok {
			n.UniqueItems = lr.unique
			if lr.maxItems > 0 {
				n.MaxItems = ptr(lr.maxItems)
			}
		}
	case reflect.String:
		// An empty optional string is the same as leaving it out, but a
		// pointer (schema.version, schema.prefix) that is set is checked.
		s := stringNode(b.rules[key], optional, optional && !isPtr)
		s.Description = n.Description
		if !optional && s.Const == nil {
			s.MinLength = ptr(max(1, deref(s.MinLength)))
		}
		return s
	case reflect.Int:
		typ("integer")
		if r, ok := intRules[key]; ok {
			n.Minimum, n.Maximum = ptr(r[0]), ptr(r[1])
		}
	case reflect.Bool:
		typ("boolean")
	}
	return n
}

// object fills the properties, required list and cross-field rules of a struct.
func (b *schemaBuilder) object(n *SchemaNode, t reflect.Type, path string) {
	n.Properties = map[string]*SchemaNode{}
	n.AdditionalProperties = false
	kinds := map[string]reflect.Kind{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		optional := strings.Contains(opts, "omitempty")
		if slices.Contains(extraRequired[t.Name()], name) {
			optional = false
		}
		if !optional {
			n.Required = append(n.Required, name)
		}
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		kinds[name] = ft.Kind()
		f := SchemaField{Path: join(path, name), GoType: t.Name(), GoField: sf.Name}
		n.Properties[name] = b.node(sf.Type, f, t.Name()+"."+name, optional)
	}
	for _, r := range b.objects[t.Name()] {
		pa, pb := present(r.a, kinds[r.a]), present(r.b, kinds[r.b])
		switch r.kind {
		case "exclusive":
			n.AllOf = append(n.AllOf, &SchemaNode{Not: &SchemaNode{AllOf: []*SchemaNode{pa, pb}}})
		case "exactlyOne":
			n.AllOf = append(n.AllOf, &SchemaNode{Not: &SchemaNode{AllOf: []*SchemaNode{pa, pb}}},
				&SchemaNode{AnyOf: []*SchemaNode{{Not: &SchemaNode{Type: "object"}}, pa, pb}})
		case "requires":
			n.AllOf = append(n.AllOf, &SchemaNode{If: pa, Then: pb})
		}
	}
}

// present is "field name is given" the way the checks see it: not null,
// and for strings and lists not empty either.
func present(name string, k reflect.Kind) *SchemaNode {
	var v *SchemaNode
	switch k {
	case reflect.String:
		v = &SchemaNode{Type: "string", MinLength: ptr(1)}
	case reflect.Slice:
		v = &SchemaNode{Type: "array", MinItems: ptr(1)}
	case reflect.Int:
		v = &SchemaNode{Type: "integer"}
	case reflect.Bool:
		v = &SchemaNode{Type: "boolean"}
	default:
		v = &SchemaNode{Type: "object"}
	}
	// "object" keeps a null block (the same as an absent one) from
	// satisfying the rule vacuously
	return &SchemaNode{Type: "object", Required: []string{name}, Properties: map[string]*SchemaNode{name: v}}
}

// stringNode is the schema of one string: nullable adds null, emptyOK
// accepts "" besides the rule (the decoder treats it as absent).
func stringNode(r stringRule, nullable, emptyOK bool) *SchemaNode {
	n := &SchemaNode{Type: "string"}
	if nullable {
		n.Type = []string{"string", "null"}
	}
	if r.constant != "" {
		n.Const = r.constant
	}
	if r.enum != nil {
		enum := &SchemaNode{}
		for _, e := range r.enum {
			enum.Enum = append(enum.Enum, e)
		}
		// One enum, "" and null included when accepted: validators then
		// name the allowed values on a wrong one (python jsonschema "is not
		// one of [...]", ajv allowedValues) instead of "not valid under any
		// of the given schemas" from an anyOf.
		n.Enum = enum.Enum
		if emptyOK {
			n.Enum = append(n.Enum, "")
		}
		if nullable {
			n.Enum = append(n.Enum, nil)
		}
	}
	if r.pattern != "" {
		n.Pattern = r.pattern
		if emptyOK {
			n.Pattern = "^$|" + r.pattern
		}
	}
	if r.notPattern != "" {
		n.Not = &SchemaNode{Type: "string", Pattern: r.notPattern} // null or a number never matches the excluded pattern
	}
	if r.minLen > 0 {
		n.MinLength = ptr(r.minLen)
	}
	if r.maxLen > 0 {
		n.MaxLength = ptr(r.maxLen)
	}
	return n
}

// alternatives joins anchored patterns into one.
func alternatives(patterns ...string) string {
	inner := make([]string, len(patterns))
	for i, p := range patterns {
		inner[i] = strings.TrimSuffix(strings.TrimPrefix(p, "^"), "$")
	}
	return "^(" + strings.Join(inner, "|") + ")$"
}

// caseInsensitive turns a lowercase literal into a pattern matching it in
// any case (JSON Schema patterns have no (?i) flag).
func caseInsensitive(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteString("[" + string(r) + strings.ToUpper(string(r)) + "]")
		case strings.ContainsRune(`.+*?()[]{}|^$\`, r):
			// no "-": it needs no escape outside a class, and JavaScript
			// refuses the escape in a unicode-mode pattern
			b.WriteString(`\` + string(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func ptr[T any](v T) *T { return &v }

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
