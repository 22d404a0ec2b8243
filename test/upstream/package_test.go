package upstream

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// obj is one Kubernetes object as generic JSON-shaped data.
type obj map[string]any

func (o obj) kind() string      { return str(o, "kind") }
func (o obj) name() string      { return str(o, "metadata", "name") }
func (o obj) namespace() string { return str(o, "metadata", "namespace") }

// get walks nested maps (and list indexes given as int).
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				if o, isObj := v.(obj); isObj {
					m = o
				} else {
					return nil
				}
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := get(v, path...).(string)
	return s
}

func list(v any, path ...any) []any {
	l, _ := get(v, path...).([]any)
	return l
}

var docSep = regexp.MustCompile(`(?m)^---[ \t]*$`)

// parseDocs splits a multi-document YAML stream into objects.
func parseDocs(b []byte) ([]obj, error) {
	var out []obj
	for i, d := range docSep.Split(string(b), -1) {
		if strings.TrimSpace(d) == "" {
			continue
		}
		var o obj
		if err := yaml.Unmarshal([]byte(d), &o); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// renderDocs writes objects as one YAML stream. Every document starts with
// `---`: aigw merges documents that are only concatenated.
func renderDocs(objs []obj) ([]byte, error) {
	var buf bytes.Buffer
	for _, o := range objs {
		b, err := yaml.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", o.kind(), o.name(), err)
		}
		buf.WriteString("---\n")
		buf.Write(b)
	}
	return buf.Bytes(), nil
}

const (
	gatewayName  = "upstream-check"
	gatewayClass = "upstream-check"
	// modelHeader is the header AI Gateway matches models on.
	modelHeader = "x-ai-eg-model"
)

// fixtures holds the dummy values the package is built with, so the checks
// can compare what upstream carried through.
type fixtures struct {
	secrets map[string]map[string]string // "ns/name" -> data
	caPEM   []byte                       // content of every CA ConfigMap
}

// routeName is the AIGatewayRoute (and, after AI Gateway's translation,
// HTTPRoute) that routes one model to the AIServiceBackend.
func routeName(aisb string) string { return "route-" + aisb }

// modelName is the model the route matches for an AIServiceBackend.
func modelName(aisb string) string { return "model-" + aisb }

// buildPackage completes the function's output into something a gateway can
// serve: a GatewayClass and Gateway, one AIGatewayRoute per AIServiceBackend,
// and dummy Secrets and ConfigMaps for every reference the output makes.
// dropSecrets leaves the Secrets out (a negative control).
func buildPackage(ours []obj, dropSecrets bool) ([]obj, *fixtures, error) {
	fx := &fixtures{secrets: map[string]map[string]string{}}
	ns := "default"
	for _, o := range ours {
		if o.namespace() != "" {
			ns = o.namespace()
			break
		}
	}
	pkg := []obj{
		{
			"apiVersion": "gateway.networking.k8s.io/v1",
			"kind":       "GatewayClass",
			"metadata":   map[string]any{"name": gatewayClass},
			"spec":       map[string]any{"controllerName": "gateway.envoyproxy.io/gatewayclass-controller"},
		},
		{
			"apiVersion": "gateway.networking.k8s.io/v1",
			"kind":       "Gateway",
			"metadata":   map[string]any{"name": gatewayName, "namespace": ns},
			"spec": map[string]any{
				"gatewayClassName": gatewayClass,
				"listeners":        []any{map[string]any{"name": "http", "protocol": "HTTP", "port": 1975}},
			},
		},
	}
	pkg = append(pkg, ours...)

	caNames := map[string]bool{}
	for _, o := range ours {
		switch o.kind() {
		case "AIServiceBackend":
			pkg = append(pkg, obj{
				"apiVersion": "aigateway.envoyproxy.io/v1beta1",
				"kind":       "AIGatewayRoute",
				"metadata":   map[string]any{"name": routeName(o.name()), "namespace": o.namespace()},
				"spec": map[string]any{
					"parentRefs": []any{map[string]any{"name": gatewayName, "kind": "Gateway", "group": "gateway.networking.k8s.io"}},
					"rules": []any{map[string]any{
						"matches": []any{map[string]any{"headers": []any{
							map[string]any{"type": "Exact", "name": modelHeader, "value": modelName(o.name())},
						}}},
						"backendRefs": []any{map[string]any{"name": o.name()}},
					}},
				},
			})
		case "BackendSecurityPolicy":
			for _, ref := range secretRefs(o) {
				key := secretNS(ref.namespace, o.namespace()) + "/" + ref.name
				fx.secrets[key] = map[string]string{ref.key: dummySecretValue(ref)}
			}
		case "BackendTLSPolicy":
			for _, r := range list(o, "spec", "validation", "caCertificateRefs") {
				if str(r, "kind") == "ConfigMap" {
					caNames[o.namespace()+"/"+str(r, "name")] = true
				}
			}
		}
	}
	if len(caNames) > 0 {
		pemBytes, err := selfSignedCA()
		if err != nil {
			return nil, nil, err
		}
		fx.caPEM = pemBytes
		for _, k := range sortedKeys(caNames) {
			nsName := strings.SplitN(k, "/", 2)
			pkg = append(pkg, obj{
				"apiVersion": "v1",
				"kind":       "ConfigMap",
				"metadata":   map[string]any{"name": nsName[1], "namespace": nsName[0]},
				"data":       map[string]any{"ca.crt": string(pemBytes)},
			})
		}
	}
	if !dropSecrets {
		for _, k := range sortedKeys(fx.secrets) {
			nsName := strings.SplitN(k, "/", 2)
			data := map[string]any{}
			for dk, dv := range fx.secrets[k] {
				data[dk] = dv
			}
			pkg = append(pkg, obj{
				"apiVersion": "v1",
				"kind":       "Secret",
				"metadata":   map[string]any{"name": nsName[1], "namespace": nsName[0]},
				"type":       "Opaque",
				"stringData": data,
			})
		}
	}
	return pkg, fx, nil
}

type secretRef struct{ name, namespace, key string }

// secretRefs lists the Secrets a BackendSecurityPolicy reads, with the key
// upstream reads from each (AI Gateway v1.0 controller constants).
func secretRefs(bsp obj) []secretRef {
	var out []secretRef
	add := func(ref any, key string) {
		if ref == nil {
			return
		}
		out = append(out, secretRef{name: str(ref, "name"), namespace: str(ref, "namespace"), key: key})
	}
	spec := get(bsp, "spec")
	add(get(spec, "apiKey", "secretRef"), "apiKey")
	add(get(spec, "anthropicAPIKey", "secretRef"), "apiKey")
	add(get(spec, "azureAPIKey", "secretRef"), "apiKey")
	add(get(spec, "awsCredentials", "credentialsFile", "secretRef"), "credentials")
	add(get(spec, "azureCredentials", "clientSecretRef"), "client-secret")
	add(get(spec, "gcpCredentials", "credentialsFile", "secretRef"), "service_account.json")
	return out
}

func secretNS(ns, fallback string) string {
	if ns != "" {
		return ns
	}
	return fallback
}

// dummySecretValue is recognisable in the filter config, so a check can tell
// that upstream read this Secret and this key.
func dummySecretValue(r secretRef) string {
	switch r.key {
	case "credentials":
		return "[default]\naws_access_key_id = AKIADUMMY" + strings.ToUpper(strings.ReplaceAll(r.name, "-", "")) +
			"\naws_secret_access_key = dummy-secret-" + r.name + "\n"
	case "service_account.json":
		return `{"type": "service_account", "project_id": "dummy", "client_email": "dummy@dummy.iam.gserviceaccount.com"}`
	default:
		return "dummy-" + r.key + "-" + r.name
	}
}

// selfSignedCA makes a throwaway CA certificate for caCertificateRefs
// ConfigMaps; Envoy Gateway parses it, so it has to be a real one.
func selfSignedCA() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "upstream-check test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("creating CA certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
