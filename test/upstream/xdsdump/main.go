// Command xdsdump stands in for Envoy in the upstream check: Envoy Gateway
// (started in-process by `aigw run`) launches it exactly as it would launch
// envoy, with `--config-yaml <bootstrap> --service-cluster C --service-node N
// ...`. It reads the xDS server address and the mutual-TLS client certificate
// from that bootstrap, subscribes over ADS to clusters, listeners, routes and
// secrets like Envoy does, and writes what the control plane sent to
// $XDSDUMP_OUT/xds.json. Once the stream has been quiet for a moment it
// writes $XDSDUMP_OUT/done and then idles until it is stopped, like a running
// proxy would.
//
// Resources are stored as raw protobuf bytes (base64 in JSON), so the dumper
// needs no registry of every Envoy extension type; the test decodes what it
// asserts on.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/protobuf/encoding/protowire"
	"sigs.k8s.io/yaml"
)

// envoyVersion is what `--version` prints; Envoy Gateway v1.8 asks func-e for
// this version, which is where the dumper is installed.
const envoyVersion = "1.38.1"

// Type URLs subscribed to, in Envoy's order (CDS before LDS, then RDS and SDS).
var typeURLs = []string{
	"type.googleapis.com/envoy.config.cluster.v3.Cluster",
	"type.googleapis.com/envoy.config.listener.v3.Listener",
	"type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
	"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
}

// Resource is one xDS resource as received.
type Resource struct {
	Name    string `json:"name"`
	TypeURL string `json:"typeUrl"`
	Value   []byte `json:"value"` // serialized protobuf of TypeURL
}

// Dump is the file format of xds.json, shared with the test.
type Dump struct {
	Node      string                `json:"node"`
	Cluster   string                `json:"cluster"`
	Responses int                   `json:"responses"`
	Resources map[string][]Resource `json:"resources"` // by type URL, latest response of each type
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "xdsdump:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := map[string]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--version" {
			fmt.Printf("envoy  version: 0/%s/Clean/RELEASE/BoringSSL (xdsdump)\n", envoyVersion)
			return nil
		}
		if len(a) > 2 && a[:2] == "--" && i+1 < len(args) {
			flags[a] = args[i+1]
			i++
		}
	}
	out := os.Getenv("XDSDUMP_OUT")
	if out == "" {
		return errors.New("XDSDUMP_OUT is not set")
	}
	bootstrap := flags["--config-yaml"]
	if bootstrap == "" {
		return fmt.Errorf("no --config-yaml in %q", args)
	}
	// The pid lets the test stop this process even if the control plane it
	// was started by dies first.
	if err := os.WriteFile(filepath.Join(out, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fmt.Errorf("writing pid: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "bootstrap.yaml"), []byte(bootstrap), 0o644); err != nil {
		return fmt.Errorf("writing bootstrap copy: %w", err)
	}
	addr, err := xdsAddress(bootstrap)
	if err != nil {
		return err
	}
	creds, err := clientTLS(bootstrap)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	node := &corev3.Node{Id: flags["--service-node"], Cluster: flags["--service-cluster"]}
	d := &dumper{out: out, dump: Dump{Node: node.Id, Cluster: node.Cluster, Resources: map[string][]Resource{}}}
	if err := d.stream(ctx, addr, creds, node); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// xdsAddress finds the socket address of the bootstrap's xds_cluster.
func xdsAddress(bootstrap string) (string, error) {
	var b struct {
		StaticResources struct {
			Clusters []struct {
				Name           string `json:"name"`
				LoadAssignment struct {
					Endpoints []struct {
						LbEndpoints []struct {
							Endpoint struct {
								Address struct {
									SocketAddress struct {
										Address   string `json:"address"`
										PortValue int    `json:"port_value"`
									} `json:"socket_address"`
								} `json:"address"`
							} `json:"endpoint"`
						} `json:"lb_endpoints"`
					} `json:"endpoints"`
				} `json:"load_assignment"`
			} `json:"clusters"`
		} `json:"static_resources"`
	}
	if err := yaml.Unmarshal([]byte(bootstrap), &b); err != nil {
		return "", fmt.Errorf("parsing bootstrap: %w", err)
	}
	for _, c := range b.StaticResources.Clusters {
		if c.Name != "xds_cluster" {
			continue
		}
		for _, e := range c.LoadAssignment.Endpoints {
			for _, l := range e.LbEndpoints {
				sa := l.Endpoint.Address.SocketAddress
				host := sa.Address
				if host == "" || host == "0.0.0.0" || host == "::" {
					host = "127.0.0.1"
				}
				return net.JoinHostPort(host, strconv.Itoa(sa.PortValue)), nil
			}
		}
	}
	return "", errors.New("bootstrap has no xds_cluster endpoint")
}

var (
	certSDSRe = regexp.MustCompile(`[^"'\s]*xds-certificate\.json`)
	caSDSRe   = regexp.MustCompile(`[^"'\s]*xds-trusted-ca\.json`)
)

// clientTLS builds the client credentials Envoy would use: the SDS files the
// bootstrap names hold the paths of the certificate, key and trusted CA.
func clientTLS(bootstrap string) (credentials.TransportCredentials, error) {
	certSDS, caSDS := certSDSRe.FindString(bootstrap), caSDSRe.FindString(bootstrap)
	if certSDS == "" || caSDS == "" {
		return nil, errors.New("bootstrap names no xds-certificate.json / xds-trusted-ca.json")
	}
	var sds struct {
		Resources []struct {
			TLSCertificate struct {
				CertificateChain struct {
					Filename string `json:"filename"`
				} `json:"certificate_chain"`
				PrivateKey struct {
					Filename string `json:"filename"`
				} `json:"private_key"`
			} `json:"tls_certificate"`
			ValidationContext struct {
				TrustedCA struct {
					Filename string `json:"filename"`
				} `json:"trusted_ca"`
			} `json:"validation_context"`
		} `json:"resources"`
	}
	read := func(p string) error {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading SDS file: %w", err)
		}
		if err := json.Unmarshal(b, &sds); err != nil {
			return fmt.Errorf("parsing SDS file %s: %w", p, err)
		}
		if len(sds.Resources) == 0 {
			return fmt.Errorf("SDS file %s has no resources", p)
		}
		return nil
	}
	if err := read(certSDS); err != nil {
		return nil, err
	}
	tc := sds.Resources[0].TLSCertificate
	cert, err := tls.LoadX509KeyPair(tc.CertificateChain.Filename, tc.PrivateKey.Filename)
	if err != nil {
		return nil, fmt.Errorf("loading xDS client certificate: %w", err)
	}
	if err := read(caSDS); err != nil {
		return nil, err
	}
	caPEM, err := os.ReadFile(sds.Resources[0].ValidationContext.TrustedCA.Filename)
	if err != nil {
		return nil, fmt.Errorf("reading xDS CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("xDS CA file holds no certificate")
	}
	// The bootstrap matches the server SAN "envoy-gateway".
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      pool,
		ServerName:   "envoy-gateway",
		MinVersion:   tls.VersionTLS12,
	}), nil
}

type dumper struct {
	out  string
	mu   sync.Mutex
	dump Dump
}

// quiet is how long the stream must stay silent, after clusters and
// listeners arrived, before the dump counts as complete.
const quiet = 2 * time.Second

func (d *dumper) stream(ctx context.Context, addr string, creds credentials.TransportCredentials, node *corev3.Node) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		return fmt.Errorf("dialing %s: %w", addr, err)
	}
	defer conn.Close()
	var stream discoveryv3.AggregatedDiscoveryService_StreamAggregatedResourcesClient
	// The xDS server may not listen yet when the proxy is started: retry.
	for {
		stream, err = discoveryv3.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	for _, t := range typeURLs {
		if err := stream.Send(&discoveryv3.DiscoveryRequest{Node: node, TypeUrl: t}); err != nil {
			return fmt.Errorf("subscribing to %s: %w", t, err)
		}
	}
	got := make(chan struct{}, 1)
	go func() {
		timer := time.NewTimer(time.Hour)
		defer timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-got:
				timer.Reset(quiet)
			case <-timer.C:
				if d.complete() {
					_ = os.WriteFile(filepath.Join(d.out, "done"), nil, 0o644)
				}
			}
		}
	}()
	for {
		resp, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("receiving: %w", err)
		}
		rs := make([]Resource, 0, len(resp.Resources))
		for _, a := range resp.Resources {
			rs = append(rs, Resource{Name: nameOf(a.GetValue()), TypeURL: a.GetTypeUrl(), Value: a.GetValue()})
		}
		d.mu.Lock()
		d.dump.Resources[resp.TypeUrl] = rs
		d.dump.Responses++
		err = d.write()
		d.mu.Unlock()
		if err != nil {
			return err
		}
		// ACK, as Envoy does, so the server keeps pushing updates.
		if err := stream.Send(&discoveryv3.DiscoveryRequest{
			Node: node, TypeUrl: resp.TypeUrl, VersionInfo: resp.VersionInfo, ResponseNonce: resp.Nonce,
		}); err != nil {
			return fmt.Errorf("acknowledging %s: %w", resp.TypeUrl, err)
		}
		select {
		case got <- struct{}{}:
		default:
		}
	}
}

func (d *dumper) complete() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, c := d.dump.Resources[typeURLs[0]]
	_, l := d.dump.Resources[typeURLs[1]]
	return c && l
}

// write replaces xds.json atomically so a reader never sees half a file.
func (d *dumper) write() error {
	b, err := json.MarshalIndent(d.dump, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding dump: %w", err)
	}
	tmp := filepath.Join(d.out, "xds.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("writing dump: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(d.out, "xds.json")); err != nil {
		return fmt.Errorf("writing dump: %w", err)
	}
	return nil
}

// nameOf reads field 1 (name) of a serialized Cluster, Listener,
// RouteConfiguration or Secret: all four keep their name there.
func nameOf(b []byte) string {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return ""
		}
		b = b[n:]
		if num == 1 && typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return ""
			}
			return string(v)
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return ""
		}
		b = b[m:]
	}
	return ""
}
