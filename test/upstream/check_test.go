package upstream

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// backendSet is what the function generated for one AIServiceBackend.
type backendSet struct {
	ns                   string
	backend, aisb        obj
	btlsp, bsp           obj // nil when not generated
	backendHost          string
	backendPort          int
	backendSourceMissing bool
}

// backendSets groups the function's output by AIServiceBackend. The Backend
// is found by the contract's naming (same name as the AIServiceBackend), not
// through backendRef, so a broken backendRef cannot hide itself.
func backendSets(ours []obj) []backendSet {
	byKey := map[string]obj{}
	for _, o := range ours {
		byKey[o.kind()+"/"+o.namespace()+"/"+o.name()] = o
	}
	var out []backendSet
	for _, o := range ours {
		if o.kind() != "AIServiceBackend" {
			continue
		}
		s := backendSet{ns: o.namespace(), aisb: o}
		s.backend = byKey["Backend/"+o.namespace()+"/"+o.name()]
		if s.backend == nil {
			s.backendSourceMissing = true
		}
		s.backendHost = str(s.backend, "spec", "endpoints", 0, "fqdn", "hostname")
		if p, ok := get(s.backend, "spec", "endpoints", 0, "fqdn", "port").(float64); ok {
			s.backendPort = int(p)
		}
		for _, x := range ours {
			switch x.kind() {
			case "BackendTLSPolicy":
				for _, r := range list(x, "spec", "targetRefs") {
					if str(r, "kind") == "Backend" && str(r, "name") == o.name() && x.namespace() == o.namespace() {
						s.btlsp = x
					}
				}
			case "BackendSecurityPolicy":
				for _, r := range list(x, "spec", "targetRefs") {
					if str(r, "kind") == "AIServiceBackend" && str(r, "name") == o.name() && x.namespace() == o.namespace() {
						s.bsp = x
					}
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// contract is what the contract promises for a case, written out by hand so
// that the function's output is checked too, not only upstream's agreement
// with it.
type contract struct {
	endpoint     string // host:port of the cluster
	tls          bool
	caConfigMap  string // "" = system trust store
	schema       string
	version      string
	prefix       string // as AI Gateway's filter config carries it (leading slash ignored)
	auth         string // filter config auth key: apiKey, anthropicAPIKey, azureAPIKey, aws, azure, gcp, or ""
	awsChainOnly bool   // aws auth without a credentials file (SDK default chain)
	// headerMutation and bodyMutation are the mutations the spec asks for,
	// as the AIServiceBackend carries them (nil: none).
	headerMutation, bodyMutation any
}

// stage says how far a case can go offline.
type stage int

const (
	// fullStage: AI Gateway's translation, Envoy Gateway's xDS served to the
	// stand-in Envoy, and egctl's statuses.
	fullStage stage = iota
	// aigwStage: AI Gateway's translation only (written resources and filter
	// config). Azure and GCP credential policies start a live token exchange
	// with login.microsoftonline.com / Google that cannot succeed offline, so
	// the run cannot reach Envoy Gateway's xDS.
	aigwStage
	// secretLookupStage: Azure (Entra ID) and GCP (key file) credentials.
	// Standalone aigw v1.0 stores the package's Secrets only in the fake
	// clientset, while these two policy types read their Secret through the
	// controller client, so the run stops there (and a real token exchange
	// needs the network anyway). The policy is asserted at that lookup, the
	// rest of the package in full without the policy.
	secretLookupStage
)

func (s stage) String() string {
	return [...]string{"full", "AI Gateway translation", "policy Secret lookup"}[s]
}

// checker collects failures and the list of what was asserted.
type checker struct {
	failures []failure
	asserted []assertionID
}

func (c *checker) check(id assertionID, ok bool, format string, args ...any) {
	c.asserted = append(c.asserted, id)
	if !ok {
		c.failures = append(c.failures, failure{id: id, msg: fmt.Sprintf(format, args...)})
	}
}

// failed is the set of assertion IDs that failed.
func (c *checker) failed() map[assertionID]bool {
	out := map[assertionID]bool{}
	for _, f := range c.failures {
		out[f.id] = true
	}
	return out
}

func trimSlash(s string) string { return strings.TrimPrefix(s, "/") }

// authKeyFor maps a BackendSecurityPolicy type to the filter config's auth key.
var authKeyFor = map[string]string{
	"APIKey":           "apiKey",
	"AnthropicAPIKey":  "anthropicAPIKey",
	"AzureAPIKey":      "azureAPIKey",
	"AWSCredentials":   "aws",
	"AzureCredentials": "azure",
	"GCPCredentials":   "gcp",
}

// checkAIGateway asserts AI Gateway's translation of one backend set: the
// resources it wrote for Envoy Gateway and its filter config.
func checkAIGateway(c *checker, r *aigwRun, s backendSet, fx *fixtures, want contract) {
	aisbName := s.aisb.name()
	route := routeName(aisbName)

	// The HTTPRoute AI Gateway wrote routes to our Backend, not a Service.
	var hr obj
	for _, o := range r.resources {
		if o.kind() == "HTTPRoute" && o.name() == route && o.namespace() == s.ns {
			hr = o
		}
	}
	c.check(idHTTPRouteWritten, hr != nil, "AI Gateway wrote no HTTPRoute %s/%s", s.ns, route)
	var refs []string
	for _, rule := range list(hr, "spec", "rules") {
		for _, br := range list(rule, "backendRefs") {
			refs = append(refs, str(br, "group")+"/"+str(br, "kind")+"/"+str(br, "name"))
		}
	}
	wantRef := "gateway.envoyproxy.io/Backend/" + aisbName
	c.check(idHTTPRouteBackend, contains(refs, wantRef), "backendRefs %v, want %s", refs, wantRef)
	if s.btlsp != nil {
		found := false
		for _, o := range r.resources {
			found = found || (o.kind() == "BackendTLSPolicy" && o.name() == s.btlsp.name())
		}
		c.check(idBTLSPPassedOn, found, "BackendTLSPolicy %s missing from the written resources", s.btlsp.name())
	}

	// The filter config entry for the route's backend.
	fbName := fmt.Sprintf("%s/%s/route/%s/rule/0/ref/0", s.ns, aisbName, route)
	var fb *filterBackend
	var names []string
	for i := range r.filter.Backends {
		names = append(names, r.filter.Backends[i].Name)
		if r.filter.Backends[i].Name == fbName {
			fb = &r.filter.Backends[i]
		}
	}
	c.check(idFilterBackend, fb != nil, "no backend %q in extproc-config.yaml (has %v)", fbName, names)
	if fb == nil {
		// Every assertion below still runs (and fails on its own ID)
		// against an empty entry: a missing backend must not hide them.
		fb = &filterBackend{}
	}
	ourSchema := str(s.aisb, "spec", "schema", "name")
	c.check(idSchemaName, fb.Schema.Name == ourSchema && fb.Schema.Name == want.schema,
		"upstream %q, AIServiceBackend %q, contract %q", fb.Schema.Name, ourSchema, want.schema)
	ourVersion := str(s.aisb, "spec", "schema", "version")
	c.check(idSchemaVersion, fb.Schema.Version == want.version && (ourVersion == "" || ourVersion == fb.Schema.Version),
		"upstream %q, AIServiceBackend %q, contract %q", fb.Schema.Version, ourVersion, want.version)
	ourPrefix := str(s.aisb, "spec", "schema", "prefix")
	c.check(idSchemaPrefix, trimSlash(fb.Schema.Prefix) == trimSlash(want.prefix) && (ourPrefix == "" || trimSlash(ourPrefix) == trimSlash(fb.Schema.Prefix)),
		"upstream %q, AIServiceBackend %q, contract %q", fb.Schema.Prefix, ourPrefix, want.prefix)

	// Auth: the key that matches the policy type, carrying the Secret's value.
	var gotKeys []string
	for k := range fb.Auth {
		gotKeys = append(gotKeys, k)
	}
	wantKey := ""
	if s.bsp != nil {
		wantKey = authKeyFor[str(s.bsp, "spec", "type")]
	}
	c.check(idAuthType,
		wantKey == want.auth && ((wantKey == "" && len(fb.Auth) == 0) || (len(fb.Auth) == 1 && fb.Auth[wantKey] != nil)),
		"filter config auth %v, BackendSecurityPolicy type %q -> %q, contract %q", gotKeys, str(s.bsp, "spec", "type"), wantKey, want.auth)
	if s.bsp != nil {
		a := fb.Auth[wantKey] // nil when missing: the checks below fail on their own IDs
		refs := secretRefs(s.bsp)
		switch wantKey {
		case "apiKey", "anthropicAPIKey", "azureAPIKey":
			wantVal := ""
			if len(refs) == 1 {
				wantVal = fx.secrets[secretNS(refs[0].namespace, s.ns)+"/"+refs[0].name][refs[0].key]
			}
			c.check(idAuthSecret, a["key"] == wantVal && wantVal != "",
				"key %q, want the dummy value %q of Secret %v", a["key"], wantVal, refs)
		case "aws":
			region := str(s.bsp, "spec", "awsCredentials", "region")
			c.check(idAWSRegion, a["region"] == region && region != "", "region %v, BackendSecurityPolicy %q", a["region"], region)
			lit, _ := a["credentialFileLiteral"].(string)
			if want.awsChainOnly {
				c.check(idAWSDefaultChain, lit == "" && len(refs) == 0,
					"credentialFileLiteral %q, secret refs %v", lit, refs)
			} else {
				wantVal := ""
				if len(refs) == 1 {
					wantVal = fx.secrets[secretNS(refs[0].namespace, s.ns)+"/"+refs[0].name][refs[0].key]
				}
				c.check(idAuthSecret, lit == wantVal && wantVal != "",
					"credentialFileLiteral %q, want %q", lit, wantVal)
			}
		case "gcp":
			c.check(idGCPProject, a["projectName"] == str(s.bsp, "spec", "gcpCredentials", "projectName"),
				"projectName %v", a["projectName"])
			c.check(idGCPRegion, a["region"] == str(s.bsp, "spec", "gcpCredentials", "region"),
				"region %v", a["region"])
		}
	}

	// Mutations carried as written on the AIServiceBackend.
	// Header names are case-insensitive; AI Gateway lowercases them.
	// And what the spec asked for (the contract line): a function that
	// stopped writing mutations fails here, not only upstream's agreement.
	ourHeaders := lowerHeaderNames(get(s.aisb, "spec", "headerMutation"))
	c.check(idHeaderMutation, equalMutation(ourHeaders, fb.HeaderMutation) && sameJSON(ourHeaders, lowerHeaderNames(want.headerMutation)),
		"upstream %+v, AIServiceBackend %v, contract %v", fb.HeaderMutation, get(s.aisb, "spec", "headerMutation"), want.headerMutation)
	ourBody := get(s.aisb, "spec", "bodyMutation")
	c.check(idBodyMutation, equalMutation(ourBody, fb.BodyMutation) && sameJSON(ourBody, want.bodyMutation),
		"upstream %+v, AIServiceBackend %v, contract %v", fb.BodyMutation, ourBody, want.bodyMutation)
}

// lowerHeaderNames lowercases the header names of a headerMutation.
func lowerHeaderNames(m any) any {
	if m == nil {
		return nil
	}
	v, err := yamlJSON(m)
	if err != nil {
		return m
	}
	for _, e := range list(v, "set") {
		if em, ok := e.(map[string]any); ok {
			em["name"] = strings.ToLower(str(em, "name"))
		}
	}
	if l := list(v, "remove"); l != nil {
		for i, n := range l {
			if ns, ok := n.(string); ok {
				l[i] = strings.ToLower(ns)
			}
		}
	}
	return v
}

// sameJSON compares two values through JSON (nil and nil are the same).
func sameJSON(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	x, errA := yamlJSON(a)
	y, errB := yamlJSON(b)
	return errA == nil && errB == nil && reflect.DeepEqual(x, y)
}

// equalMutation compares the AIServiceBackend's mutation with the filter
// config's (same field names, via JSON).
func equalMutation(ours any, upstream any) bool {
	norm := func(v any) any {
		b, err := yamlJSON(v)
		if err != nil {
			return err.Error()
		}
		return b
	}
	o, u := norm(ours), norm(upstream)
	if ours == nil {
		return reflect.ValueOf(upstream).IsNil()
	}
	return reflect.DeepEqual(o, u)
}

// checkEnvoy asserts Envoy Gateway's xDS for the backend, as served to the
// stand-in Envoy inside `aigw run` (so AI Gateway's extension server has
// already added its upstream filter).
func checkEnvoy(c *checker, r *aigwRun, s backendSet, fx *fixtures, want contract) {
	c.check(idXDSServed, r.xds != nil, "%v", r.xdsErr)
	if r.xds == nil {
		return
	}
	c.check(idBackendExists, !s.backendSourceMissing, "no Backend named like the AIServiceBackend")
	gotEndpoint := fmt.Sprintf("%s:%d", s.backendHost, s.backendPort)
	c.check(idContractEndpoint, gotEndpoint == want.endpoint, "Backend has %s, contract %s", gotEndpoint, want.endpoint)

	var matched int
	var all []string
	for _, cl := range r.xds.clusters {
		name := cl.GetName()
		eps, err := endpoints(cl)
		c.check(idXDSDecode, err == nil, "%v", err)
		hostMatch := false
		for _, ep := range eps {
			all = append(all, fmt.Sprintf("%s=%s:%d", name, ep.host, ep.port))
			hostMatch = hostMatch || ep.host == s.backendHost
		}
		if !hostMatch {
			continue
		}
		matched++
		for _, ep := range eps {
			c.check(idClusterEndpoint, ep.host == s.backendHost && ep.port == s.backendPort,
				"cluster %s endpoint %s:%d, Backend %s:%d", name, ep.host, ep.port, s.backendHost, s.backendPort)
			c.check(idTLS, (ep.tls != nil) == (s.btlsp != nil) && (ep.tls != nil) == want.tls,
				"cluster %s endpoint %s: transport socket %q (TLS: %v), BackendTLSPolicy emitted: %v, contract TLS: %v", name, ep.host, ep.socketName, ep.tls != nil, s.btlsp != nil, want.tls)
			u := ep.tls
			if u == nil {
				continue
			}
			c.check(idSNI, u.GetSni() == s.backendHost, "cluster %s SNI %q, Backend hostname %q", name, u.GetSni(), s.backendHost)
			vc, src, err := r.xds.validationContext(u)
			c.check(idValidationContext, err == nil, "cluster %s: %v", name, err)
			var sans []string
			for _, m := range append(u.GetCommonTlsContext().GetCombinedValidationContext().GetDefaultValidationContext().GetMatchTypedSubjectAltNames(), vc.GetMatchTypedSubjectAltNames()...) {
				sans = append(sans, m.GetSanType().String()+":"+m.GetMatcher().GetExact())
			}
			c.check(idSAN, len(sans) == 1 && sans[0] == "DNS:"+s.backendHost,
				"cluster %s SAN matchers %v, Backend hostname %q", name, sans, s.backendHost)
			ca := vc.GetTrustedCa()
			if want.caConfigMap == "" {
				c.check(idCASystem, ca.GetFilename() != "" && len(ca.GetInlineBytes()) == 0 && ca.GetInlineString() == "",
					"cluster %s trusted CA (%s) %v", name, src, ca)
			} else {
				inline := ca.GetInlineBytes()
				if len(inline) == 0 {
					inline = []byte(ca.GetInlineString())
				}
				c.check(idCACustom, len(fx.caPEM) > 0 && bytes.Contains(inline, bytes.TrimSpace(fx.caPEM)),
					"cluster %s trusted CA (%s) does not hold the ConfigMap %s certificate (filename %q, %d inline bytes)", name, src, want.caConfigMap, ca.GetFilename(), len(inline))
			}
		}
		filters, err := upstreamFilterNames(cl)
		c.check(idXDSDecode, err == nil, "%v", err)
		c.check(idExtProcFilter, contains(filters, aigatewayFilter),
			"cluster %s upstream filters %v", name, filters)
	}
	c.check(idClusterForBackend, matched > 0, "no cluster has endpoint host %q; cluster endpoints: %v", s.backendHost, all)
}

// aigatewayFilter is the upstream HTTP filter AI Gateway's extension server
// adds to every cluster of an AIGatewayRoute backend.
const aigatewayFilter = "envoy.filters.http.ext_proc/aigateway"

// checkStatuses asserts the conditions Envoy Gateway's translator sets on the
// BackendTLSPolicy and on the HTTPRoute AI Gateway generated.
func checkStatuses(c *checker, eg *egctlResult, s backendSet) {
	objs := findObjects(eg.gatewayAPI)
	if s.btlsp != nil {
		o := objs["BackendTLSPolicy/"+s.ns+"/"+s.btlsp.name()]
		conds := conditions(list(o, "status", "ancestors"))
		c.check(idBTLSPAccepted, conds["Accepted"] == "True" && len(list(o, "status", "ancestors")) > 0, "conditions %v", conds)
		c.check(idBTLSPResolvedRefs, conds["ResolvedRefs"] == "True", "conditions %v", conds)
	}
	o := objs["HTTPRoute/"+s.ns+"/"+routeName(s.aisb.name())]
	conds := conditions(list(o, "status", "parents"))
	c.check(idRouteAccepted, conds["Accepted"] == "True" && len(list(o, "status", "parents")) > 0, "HTTPRoute %s conditions %v", routeName(s.aisb.name()), conds)
	c.check(idRouteResolvedRefs, conds["ResolvedRefs"] == "True", "HTTPRoute %s conditions %v", routeName(s.aisb.name()), conds)
}

// conditions merges the conditions of every ancestor/parent status; a type
// that is not True on every one of them is reported as its worst value.
func conditions(statuses []any) map[string]string {
	out := map[string]string{}
	for _, st := range statuses {
		for _, cnd := range list(st, "conditions") {
			t, v := str(cnd, "type"), str(cnd, "status")
			if prev, ok := out[t]; !ok || prev == "True" {
				out[t] = v
				if v != "True" {
					out[t] = v + " (" + str(cnd, "reason") + ": " + str(cnd, "message") + ")"
				}
			}
		}
	}
	return out
}

// findObjects indexes every Kubernetes object in egctl's output by
// kind/namespace/name, wherever the output nests it. Objects without a kind
// (typed objects can lose their TypeMeta) take it from the list they are in.
func findObjects(v any) map[string]map[string]any {
	listKinds := map[string]string{"httpRoutes": "HTTPRoute", "backendTLSPolicies": "BackendTLSPolicy", "backends": "Backend", "gateways": "Gateway"}
	out := map[string]map[string]any{}
	var walk func(v any, listKey string)
	walk = func(v any, listKey string) {
		switch x := v.(type) {
		case map[string]any:
			if md, ok := x["metadata"].(map[string]any); ok {
				k, _ := x["kind"].(string)
				if k == "" {
					k = listKinds[listKey]
				}
				ns, _ := md["namespace"].(string)
				name, _ := md["name"].(string)
				if k != "" {
					out[k+"/"+ns+"/"+name] = x
				}
			}
			for key, e := range x {
				walk(e, key)
			}
		case []any:
			for _, e := range x {
				walk(e, listKey)
			}
		}
	}
	walk(v, "")
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// yamlJSON normalises a value through JSON so maps and tagged structs compare.
func yamlJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}
