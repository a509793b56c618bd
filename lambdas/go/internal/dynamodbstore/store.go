// Package dynamodbstore implements the store port on DynamoDB exactly as
// docs/storage-layout.md describes the table, so items and tokens cross runtimes.
package dynamodbstore

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/store"
)

// record is the item's attribute layout. The attributevalue encoder writes float64 as
// N with strconv.FormatFloat(f, 'f', -1, 64): the shortest text that round-trips.
// A nil Description is left out (absent, never NULL); a pointer to "" is stored as S "".
type record struct {
	ID          string  `dynamodbav:"id"`
	Name        string  `dynamodbav:"name"`
	Description *string `dynamodbav:"description,omitempty"`
	Price       float64 `dynamodbav:"price"`
	CreatedAt   string  `dynamodbav:"createdAt"`
	UpdatedAt   string  `dynamodbav:"updatedAt"`
}

func fromItem(item domain.Item) record {
	return record{item.ID, item.Name, item.Description, item.Price, item.CreatedAt, item.UpdatedAt}
}

func (r record) item() domain.Item {
	return domain.Item{ID: r.ID, Name: r.Name, Description: r.Description, Price: r.Price, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// Store is the DynamoDB adapter of store.Store.
type Store struct {
	client *dynamodb.Client
	table  string
}

var _ store.Store = (*Store)(nil)

// New wraps a client and a table name.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}

// NewFromEnv builds the client once, at init, from TABLE_NAME, AWS_REGION and the
// optional DYNAMODB_ENDPOINT (a local dynalite).
func NewFromEnv(ctx context.Context, instrument ...func(*aws.Config)) (*Store, error) {
	table := os.Getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	client, err := NewClient(ctx, os.Getenv("AWS_REGION"), os.Getenv("DYNAMODB_ENDPOINT"), instrument...)
	if err != nil {
		return nil, err
	}
	return New(client, table), nil
}

// NewClient is a DynamoDB client for a region and, locally, an endpoint. A local
// endpoint without credentials in the environment gets dummy ones: dynalite does not
// check signatures, and the SDK would otherwise go looking for an instance role.
// Each instrument (X-Ray tracing, on Lambda) is applied to the configuration first.
func NewClient(ctx context.Context, region, endpoint string, instrument ...func(*aws.Config)) (*dynamodb.Client, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(region)}
	if endpoint != "" && os.Getenv("AWS_ACCESS_KEY_ID") == "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	for _, apply := range instrument {
		apply(&cfg)
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}), nil
}

func key(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}}
}

func isConditionFailed(err error) bool {
	var failed *types.ConditionalCheckFailedException
	return errors.As(err, &failed)
}

// Create puts the item on the condition that its id is new.
func (s *Store) Create(ctx context.Context, item domain.Item) error {
	av, err := attributevalue.MarshalMap(fromItem(item))
	if err != nil {
		return err
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.table),
		Item:                     av,
		ConditionExpression:      aws.String("attribute_not_exists(#id)"),
		ExpressionAttributeNames: map[string]string{"#id": "id"},
	})
	return err
}

// Get reads the item with a consistent read.
func (s *Store) Get(ctx context.Context, id string) (domain.Item, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            key(id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return domain.Item{}, err
	}
	if out.Item == nil {
		return domain.Item{}, store.ErrNotFound
	}
	return decode(out.Item)
}

// Replace updates the item in place on the condition that it exists.
func (s *Store) Replace(ctx context.Context, id string, input domain.ItemInput, updatedAt string) (domain.Item, error) {
	names := map[string]string{"#id": "id", "#name": "name", "#price": "price", "#updatedAt": "updatedAt", "#description": "description"}
	values := map[string]types.AttributeValue{
		":name":      &types.AttributeValueMemberS{Value: input.Name},
		":price":     &types.AttributeValueMemberN{Value: domain.FormatPrice(input.Price)},
		":updatedAt": &types.AttributeValueMemberS{Value: updatedAt},
	}
	update := "SET #name = :name, #price = :price, #updatedAt = :updatedAt"
	if input.Description == nil {
		update += " REMOVE #description"
	} else {
		update += ", #description = :description"
		values[":description"] = &types.AttributeValueMemberS{Value: *input.Description}
	}
	out, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       key(id),
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("attribute_exists(#id)"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ReturnValues:              types.ReturnValueAllNew,
	})
	if isConditionFailed(err) {
		return domain.Item{}, store.ErrNotFound
	}
	if err != nil {
		return domain.Item{}, err
	}
	return decode(out.Attributes)
}

// Delete removes the item on the condition that it exists.
func (s *Store) Delete(ctx context.Context, id string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                aws.String(s.table),
		Key:                      key(id),
		ConditionExpression:      aws.String("attribute_exists(#id)"),
		ExpressionAttributeNames: map[string]string{"#id": "id"},
	})
	if isConditionFailed(err) {
		return store.ErrNotFound
	}
	return err
}

// List scans one page with a consistent read.
func (s *Store) List(ctx context.Context, limit int, startAfterID string) (store.Page, error) {
	in := &dynamodb.ScanInput{
		TableName:      aws.String(s.table),
		Limit:          aws.Int32(int32(limit)),
		ConsistentRead: aws.Bool(true),
	}
	if startAfterID != "" {
		in.ExclusiveStartKey = key(startAfterID)
	}
	out, err := s.client.Scan(ctx, in)
	if err != nil {
		return store.Page{}, err
	}
	page := store.Page{Items: make([]domain.Item, 0, len(out.Items))}
	for _, av := range out.Items {
		item, err := decode(av)
		if err != nil {
			return store.Page{}, err
		}
		page.Items = append(page.Items, item)
	}
	if last, ok := out.LastEvaluatedKey["id"].(*types.AttributeValueMemberS); ok {
		page.LastID = last.Value
	}
	return page, nil
}

// decode reads the layout's attributes and ignores any others.
func decode(av map[string]types.AttributeValue) (domain.Item, error) {
	var r record
	if err := attributevalue.UnmarshalMap(av, &r); err != nil {
		return domain.Item{}, fmt.Errorf("decoding item: %w", err)
	}
	return r.item(), nil
}
