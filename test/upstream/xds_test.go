package upstream

import (
	"encoding/json"
	"fmt"
	"os"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	httpv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	"google.golang.org/protobuf/proto"
	"sigs.k8s.io/yaml"
)

const (
	typeCluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	typeSecret  = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
	// httpProtocolOptionsKey is where Envoy keeps a cluster's upstream HTTP
	// filters (AI Gateway's ext_proc among them).
	httpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
)

// xdsDump mirrors xdsdump's file format.
type xdsDump struct {
	Node      string `json:"node"`
	Cluster   string `json:"cluster"`
	Responses int    `json:"responses"`
	Resources map[string][]struct {
		Name    string `json:"name"`
		TypeURL string `json:"typeUrl"`
		Value   []byte `json:"value"`
	} `json:"resources"`

	clusters []*clusterv3.Cluster
	secrets  map[string]*tlsv3.Secret
}

func readXDSDump(path string) (*xdsDump, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoXDS, err)
	}
	d := &xdsDump{secrets: map[string]*tlsv3.Secret{}}
	if err := json.Unmarshal(b, d); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	for _, r := range d.Resources[typeCluster] {
		c := &clusterv3.Cluster{}
		if err := proto.Unmarshal(r.Value, c); err != nil {
			return nil, fmt.Errorf("decoding cluster %s: %w", r.Name, err)
		}
		d.clusters = append(d.clusters, c)
	}
	for _, r := range d.Resources[typeSecret] {
		s := &tlsv3.Secret{}
		if err := proto.Unmarshal(r.Value, s); err != nil {
			return nil, fmt.Errorf("decoding secret %s: %w", r.Name, err)
		}
		d.secrets[s.GetName()] = s
	}
	return d, nil
}

// endpoint is one of a cluster's inline endpoints with the transport socket
// Envoy uses for it.
type endpoint struct {
	host       string
	port       int
	socketName string                    // "" = no transport socket (plaintext)
	tls        *tlsv3.UpstreamTlsContext // nil unless the socket is TLS
}

// endpoints lists the inline endpoints of a cluster (Envoy Gateway writes FQDN
// Backends as STRICT_DNS clusters) and resolves each one's transport socket
// the way Envoy does: the transport_socket_matches entry whose match equals
// the endpoint's "envoy.transport_socket_match" metadata, else the cluster's
// own transport_socket (Envoy Gateway puts a "dummy" one there when it uses
// matches, so an endpoint that matches nothing fails closed).
func endpoints(c *clusterv3.Cluster) ([]endpoint, error) {
	var out []endpoint
	for _, le := range c.GetLoadAssignment().GetEndpoints() {
		for _, e := range le.GetLbEndpoints() {
			sa := e.GetEndpoint().GetAddress().GetSocketAddress()
			if sa == nil {
				continue
			}
			ep := endpoint{host: sa.GetAddress(), port: int(sa.GetPortValue())}
			ts := c.GetTransportSocket()
			if want := e.GetMetadata().GetFilterMetadata()["envoy.transport_socket_match"]; want != nil {
				for _, m := range c.GetTransportSocketMatches() {
					if proto.Equal(m.GetMatch(), want) {
						ts = m.GetTransportSocket()
						break
					}
				}
			}
			if ts != nil {
				ep.socketName = ts.GetName()
				if a := ts.GetTypedConfig(); a != nil && a.GetTypeUrl() == "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext" {
					ep.tls = &tlsv3.UpstreamTlsContext{}
					if err := a.UnmarshalTo(ep.tls); err != nil {
						return nil, fmt.Errorf("decoding UpstreamTlsContext of %s: %w", c.GetName(), err)
					}
				}
			}
			out = append(out, ep)
		}
	}
	return out, nil
}

// upstreamFilterNames lists the upstream HTTP filters of a cluster.
func upstreamFilterNames(c *clusterv3.Cluster) ([]string, error) {
	a, ok := c.GetTypedExtensionProtocolOptions()[httpProtocolOptionsKey]
	if !ok {
		return nil, nil
	}
	o := &httpv3.HttpProtocolOptions{}
	if err := a.UnmarshalTo(o); err != nil {
		return nil, fmt.Errorf("decoding HttpProtocolOptions of %s: %w", c.GetName(), err)
	}
	var names []string
	for _, f := range o.GetHttpFilters() {
		names = append(names, f.GetName())
	}
	return names, nil
}

// validationContext resolves the certificate validation of an upstream TLS
// context, inline or through SDS.
func (d *xdsDump) validationContext(u *tlsv3.UpstreamTlsContext) (*tlsv3.CertificateValidationContext, string, error) {
	ctc := u.GetCommonTlsContext()
	if vc := ctc.GetValidationContext(); vc != nil {
		return vc, "inline", nil
	}
	name := ctc.GetValidationContextSdsSecretConfig().GetName()
	if name == "" {
		name = ctc.GetCombinedValidationContext().GetValidationContextSdsSecretConfig().GetName()
	}
	if name == "" {
		return nil, "", fmt.Errorf("no validation context")
	}
	s, ok := d.secrets[name]
	if !ok {
		return nil, name, fmt.Errorf("validation context secret %q was not served", name)
	}
	return s.GetValidationContext(), name, nil
}

// filterConfig is the part of AI Gateway's filter config (internal/filterapi
// in AI Gateway v1.0) the checks read.
type filterConfig struct {
	Backends []filterBackend `json:"backends"`
}

type filterBackend struct {
	Name   string `json:"name"`
	Schema struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Prefix  string `json:"prefix"`
	} `json:"schema"`
	Auth           map[string]map[string]any `json:"auth"`
	HeaderMutation *struct {
		Set []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"set"`
		Remove []string `json:"remove"`
	} `json:"httpHeaderMutation"`
	BodyMutation *struct {
		Set []struct {
			Path  string `json:"path"`
			Value string `json:"value"`
		} `json:"set"`
		Remove []string `json:"remove"`
	} `json:"httpBodyMutation"`
}

func parseFilterConfig(b []byte, fc *filterConfig) error {
	if err := yaml.Unmarshal(b, fc); err != nil {
		return fmt.Errorf("parsing extproc-config.yaml: %w", err)
	}
	return nil
}
