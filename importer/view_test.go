package importer

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
	"github.com/aigw-dev/aigw-backend/lint"
)

// view is what an AIServiceBackend's object group means to AI Gateway:
// where requests go, on which path, how the server is verified and which
// credentials are sent. Generated and hand-written groups with the same
// view behave the same, whatever their names.
type view struct {
	Hosts   []string
	Ports   []int
	Schema  string
	Version string
	Prefix  string // effective: "" / unset read as v1 for OpenAI and Anthropic
	TLS     bool
	TLSHost string
	TLSCA   string
	Policy  string
	// Credentials is the policy's block without its region (compared
	// separately: import corrects it to the endpoint's).
	Credentials string
	Region      string
	// Override is the policy's credentialOverride (AI Gateway v1.1).
	Override string
}

// viewOf builds the view of the AIServiceBackend named name in objs.
func viewOf(t *testing.T, objs []lint.Object, ns, name string) view {
	t.Helper()
	find := func(kind string, match func(o *lint.Object) bool) *lint.Object {
		for i := range objs {
			o := &objs[i]
			if o.Kind == kind && nsOf(o.Namespace) == nsOf(ns) && match(o) {
				return o
			}
		}
		return nil
	}
	asb := find(lint.KindAIServiceBackend, func(o *lint.Object) bool { return o.Name == name })
	require.NotNil(t, asb, "AIServiceBackend %s/%s", ns, name)
	var v view
	sch := lint.Map(asb.Body, "spec", "schema")
	v.Schema, v.Version = lint.Str(sch, "name"), lint.Str(sch, "version")
	if lint.PrefixSchema(v.Schema) {
		v.Version = ""
		p := strings.Trim(lint.Str(sch, "prefix"), "/")
		if _, has := sch["prefix"]; !has || lint.Str(sch, "prefix") == "" {
			p = "v1"
		}
		v.Prefix = path.Join("/", p)
	}
	ref, _ := lint.ReadBackendRef(asb)
	backend := find(lint.KindBackend, func(o *lint.Object) bool { return o.Name == ref.Name })
	if backend != nil {
		v.Hosts = lint.Hostnames(backend)
		for _, e := range lint.List(backend.Body, "spec", "endpoints") {
			p, _ := lint.Int(lint.Map(e.(map[string]any), "fqdn"), "port")
			v.Ports = append(v.Ports, p)
		}
		if tls := find(lint.KindBackendTLSPolicy, func(o *lint.Object) bool { return slices.Contains(lint.TLSTargets(o), backend.Name) }); tls != nil {
			val := lint.Map(tls.Body, "spec", "validation")
			v.TLS, v.TLSHost, v.TLSCA = true, lint.Str(val, "hostname"), lint.Str(val, "wellKnownCACertificates")
			for _, r := range lint.List(val, "caCertificateRefs") {
				v.TLSCA += "configmap:" + lint.Str(r.(map[string]any), "name") + " "
			}
		}
	}
	if bsp := find(lint.KindBackendSecurityPolicy, func(o *lint.Object) bool { return slices.Contains(lint.PolicyTargets(o), name) }); bsp != nil {
		v.Policy = lint.Str(lint.Map(bsp.Body, "spec"), "type")
		block := map[string]any{}
		for k, val := range lint.Map(bsp.Body, "spec", lint.PolicyBlock(v.Policy)) {
			block[k] = val
		}
		v.Region = lint.Str(block, "region")
		delete(block, "region")
		j, err := json.Marshal(block)
		require.NoError(t, err)
		v.Credentials = string(j)
		if co := lint.Map(bsp.Body, "spec", "credentialOverride"); co != nil {
			j, err := json.Marshal(co)
			require.NoError(t, err)
			v.Override = string(j)
		}
	}
	return v
}

// loadCRDs compiles the CRDs once per test binary (seconds of CEL work).
var loadCRDs = sync.OnceValues(func() (*crdvalidate.Validator, error) {
	v, _, err := crdvalidate.LoadDefault()
	return v, err
})

// generatedObjects generates a spec, checks the objects against the
// pinned upstream CRDs (schema, CEL rules, no deprecation warning) and
// returns them as lint sees them.
func generatedObjects(t *testing.T, spec *generator.AIBackendSpec) []lint.Object {
	t.Helper()
	res, errs := generator.Generate(spec)
	require.Empty(t, errs, "the imported spec %s must generate", spec.Metadata.Name)
	v, err := loadCRDs()
	require.NoError(t, err, "loading the CRDs")
	rs, err := v.ValidateYAML(objectsYAML(t, res.Objects), crdvalidate.CoreKinds...)
	require.NoError(t, err)
	require.NoError(t, rs.Err(), "objects generated from the imported spec %s", spec.Metadata.Name)
	require.Empty(t, rs.Warnings())
	var out []lint.Object
	for _, o := range res.Objects {
		j, err := json.Marshal(o)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(j, &m))
		out = append(out, lint.Object{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Metadata.Namespace, Name: o.Metadata.Name, Body: m})
	}
	return out
}

// sourceObjects reads files the way import does.
func sourceObjects(t *testing.T, files ...string) ([]lint.Object, []Input) {
	t.Helper()
	var inputs []Input
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		inputs = append(inputs, Input{File: filepath.ToSlash(f), Data: data})
	}
	im := &importer{res: &Result{}, findings: map[*object][]lint.Finding{}}
	im.read(inputs)
	var out []lint.Object
	for _, o := range im.objs {
		out = append(out, o.Object)
	}
	return out, inputs
}
