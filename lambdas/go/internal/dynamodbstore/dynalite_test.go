package dynamodbstore

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/freeport"
)

// dynalite is a local DynamoDB (the repository's npm dependency) started by the test
// on 127.0.0.1 and stopped after it.
type dynalite struct {
	cmd      *exec.Cmd
	endpoint string
}

// moduleRoot is the folder of go.mod, found from the test's working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test")
		}
		dir = parent
	}
}

func startDynalite() (*dynalite, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	cli := filepath.Join(root, "..", "..", "node_modules", "dynalite", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		return nil, fmt.Errorf("dynalite is not installed (run npm ci at the repository root): %w", err)
	}
	port, err := freeport.Loopback()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", cli, "--port", fmt.Sprint(port), "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting dynalite: %w", err)
	}
	d := &dynalite{cmd: cmd, endpoint: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for deadline := time.Now().Add(20 * time.Second); ; {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return d, nil
		}
		if time.Now().After(deadline) {
			d.stop()
			return nil, fmt.Errorf("dynalite did not listen on port %d within 20 s", port)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (d *dynalite) stop() {
	_ = d.cmd.Process.Kill()
	_ = d.cmd.Wait()
}

// createTable builds the items table as infra/lib/table-definition.ts defines it
// (partition key id, type S, on-demand) and waits until it is ACTIVE.
func createTable(ctx context.Context, client *dynamodb.Client, name string) error {
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		return err
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return err
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return nil
		}
	}
	return fmt.Errorf("table %s not ACTIVE within 10 s", name)
}
