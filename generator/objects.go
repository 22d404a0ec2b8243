package generator

// Generated object names derive from the spec name.
func BackendName(spec string) string               { return spec }
func AIServiceBackendName(spec string) string      { return spec }
func BackendTLSPolicyName(spec string) string      { return spec + "-tls" }
func BackendSecurityPolicyName(spec string) string { return spec + "-auth" }

// OwnedFields lists the fields a spec owns on an object of a generated
// kind (nil for any other kind). When an object already exists in the
// package only these are set (or removed when the spec no longer produces
// them); every other field, comment and annotation is the user's and is
// kept. Each call returns a new list, so no caller can change the rule for
// the others.
func OwnedFields(kind string) [][]string {
	switch kind {
	case KindBackend:
		return [][]string{{"spec", "type"}, {"spec", "endpoints"}}
	case KindAIServiceBackend:
		return [][]string{{"spec", "schema"}, {"spec", "backendRef"},
			{"spec", "headerMutation"}, {"spec", "bodyMutation"}}
	case KindBackendTLSPolicy:
		return [][]string{{"spec", "targetRefs"}, {"spec", "validation", "hostname"},
			{"spec", "validation", "caCertificateRefs"}, {"spec", "validation", "wellKnownCACertificates"}}
	case KindBackendSecurityPolicy:
		return [][]string{{"spec", "targetRefs"}, {"spec", "type"}, {"spec", "apiKey"},
			{"spec", "anthropicAPIKey"}, {"spec", "azureAPIKey"}, {"spec", "awsCredentials"},
			{"spec", "azureCredentials"}, {"spec", "gcpCredentials"}, {"spec", "credentialOverride"}}
	}
	return nil
}

func (r *resolved) meta(name string) ObjectMeta {
	labels := make(map[string]string, len(r.labels))
	for k, v := range r.labels {
		labels[k] = v
	}
	annots := make(map[string]string, len(r.annots))
	for k, v := range r.annots {
		annots[k] = v
	}
	return ObjectMeta{Name: name, Namespace: r.namespace, Labels: labels, Annotations: annots}
}

func (r *resolved) objects() []*Object {
	out := []*Object{
		{
			APIVersion: GroupEnvoyGateway + "/v1alpha1", Kind: KindBackend, Metadata: r.meta(BackendName(r.name)),
			Spec: backendSpec{Endpoints: []backendEndpoint{{FQDN: &fqdnEndpoint{Hostname: r.hostname, Port: r.port}}}},
		},
		{
			APIVersion: GroupAIGateway + "/" + r.aigwVersion, Kind: KindAIServiceBackend, Metadata: r.meta(AIServiceBackendName(r.name)),
			Spec: aiServiceBackendSpec{
				Schema:         r.schema,
				BackendRef:     backendRef{Name: BackendName(r.name), Kind: KindBackend, Group: GroupEnvoyGateway},
				HeaderMutation: r.headerMutation,
				BodyMutation:   r.bodyMutation,
			},
		},
	}
	if r.tls != nil {
		v := tlsValidation{Hostname: r.tls.hostname}
		if len(r.tls.caRefs) == 0 {
			v.WellKnownCACertificates = "System"
		}
		for _, ref := range r.tls.caRefs {
			v.CACertificateRefs = append(v.CACertificateRefs, localObjectRef{Group: "", Kind: "ConfigMap", Name: ref})
		}
		out = append(out, &Object{
			APIVersion: GroupGatewayAPI + "/" + r.btlspVersion, Kind: KindBackendTLSPolicy, Metadata: r.meta(BackendTLSPolicyName(r.name)),
			Spec: backendTLSPolicySpec{
				TargetRefs: []policyTargetRef{{Group: GroupEnvoyGateway, Kind: KindBackend, Name: BackendName(r.name)}},
				Validation: v,
			},
		})
	}
	if r.policy != nil {
		p := *r.policy
		p.TargetRefs = []policyTargetRef{{Group: GroupAIGateway, Kind: KindAIServiceBackend, Name: AIServiceBackendName(r.name)}}
		out = append(out, &Object{
			APIVersion: GroupAIGateway + "/" + r.aigwVersion, Kind: KindBackendSecurityPolicy, Metadata: r.meta(BackendSecurityPolicyName(r.name)),
			Spec: p,
		})
	}
	return out
}
