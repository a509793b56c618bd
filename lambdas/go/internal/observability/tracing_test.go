package observability

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-xray-sdk-go/xray"
)

// cannedDynamoDB answers every request with an empty GetItem result, in memory.
type cannedDynamoDB struct{}

func (cannedDynamoDB) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Request: r, ContentLength: 2,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"ddb-req"}},
		Body:   io.NopCloser(strings.NewReader("{}")),
	}, nil
}

// daemon is a UDP listener standing in for the X-Ray daemon (AWS_XRAY_DAEMON_ADDRESS).
func daemon(t *testing.T) *net.UDPConn {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := xray.Configure(xray.Config{DaemonAddr: conn.LocalAddr().String()}); err != nil {
		t.Fatal(err)
	}
	return conn
}

// received is every datagram the daemon gets within wait.
func received(conn *net.UDPConn, wait time.Duration) []string {
	var datagrams []string
	buf := make([]byte, 64*1024)
	_ = conn.SetReadDeadline(time.Now().Add(wait))
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return datagrams
		}
		datagrams = append(datagrams, string(buf[:n]))
	}
}

func TestDynamoDBCallSendsASubsegmentOnlyWhenSampled(t *testing.T) {
	cases := []struct {
		name     string
		header   string
		wantSent bool
	}{
		{"sampled", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", true},
		{"not sampled", "Root=1-5759e988-bd862e3fe1be46a994272794;Parent=53995c3f42cd8ad8;Sampled=0", false},
		{"no trace header", "", false},
	}
	conn := daemon(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Prepare
			var logs bytes.Buffer
			cfg := aws.Config{
				Region:      "eu-west-1",
				Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
				HTTPClient:  cannedDynamoDB{},
			}
			TraceAWS(&cfg, NewLogger(&logs, lambdaEnv(nil), "items-go"))
			client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String("http://dynamodb.invalid") })

			// Act
			_, err := client.GetItem(invocationContext(c.header), &dynamodb.GetItemInput{
				TableName: aws.String("items"),
				Key:       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "x"}},
			})

			// Assess
			if err != nil {
				t.Fatalf("GetItem: %v", err)
			}
			datagrams := received(conn, 300*time.Millisecond)
			if !c.wantSent {
				if len(datagrams) != 0 {
					t.Fatalf("sent %v, want nothing", datagrams)
				}
				return
			}
			if len(datagrams) != 1 {
				t.Fatalf("got %d datagrams, want one subsegment", len(datagrams))
			}
			_, document, _ := strings.Cut(datagrams[0], "\n") // header line, then the segment
			var subsegment map[string]any
			if err := json.Unmarshal([]byte(document), &subsegment); err != nil {
				t.Fatalf("not a segment document: %q", datagrams[0])
			}
			aws, _ := subsegment["aws"].(map[string]any)
			if subsegment["name"] != "DynamoDB" || subsegment["namespace"] != "aws" || aws["operation"] != "GetItem" ||
				subsegment["trace_id"] != "1-5759e988-bd862e3fe1be46a994272793" || subsegment["type"] != "subsegment" {
				t.Errorf("subsegment %v", subsegment)
			}
			if logs.Len() != 0 {
				t.Errorf("tracing logged %q", logs.String())
			}
		})
	}
}
