package dynamodbstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/store"
)

var (
	local  *dynalite
	client *dynamodb.Client
	tables int
)

func TestMain(m *testing.M) {
	var err error
	if local, err = startDynalite(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client, err = NewClient(context.Background(), "us-east-1", local.endpoint)
	code := 1
	if err == nil {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, err)
	}
	local.stop()
	os.Exit(code)
}

// newStore is a store on a fresh, empty table, so that tests do not see each other's items.
func newStore(t *testing.T) *Store {
	t.Helper()
	tables++
	name := fmt.Sprintf("items-%d", tables)
	if err := createTable(context.Background(), client, name); err != nil {
		t.Fatalf("creating table: %v", err)
	}
	return New(client, name)
}

func ptr(s string) *string { return &s }

func item(id string, description *string, price float64) domain.Item {
	return domain.Item{ID: id, Name: "Espresso cup", Description: description, Price: price, CreatedAt: "2026-01-31T12:00:00.000Z", UpdatedAt: "2026-01-31T12:00:00.000Z"}
}

// rawItem reads the stored attributes themselves, to check the storage layout.
func rawItem(t *testing.T, s *Store, id string) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: key(id), ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil {
		t.Fatalf("raw get %s: %v", id, err)
	}
	return out.Item
}

const id1 = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"

func TestCreateWritesTheStorageLayout(t *testing.T) {
	// Prepare
	s := newStore(t)
	ctx := context.Background()

	// Act
	err := s.Create(ctx, item(id1, ptr(""), 1234567.891))

	// Assess
	if err != nil {
		t.Fatal(err)
	}
	raw := rawItem(t, s, id1)
	if len(raw) != 6 {
		t.Errorf("attributes: %v", raw)
	}
	if n, ok := raw["price"].(*types.AttributeValueMemberN); !ok || n.Value != "1234567.891" {
		t.Errorf("price attribute: %#v", raw["price"])
	}
	if d, ok := raw["description"].(*types.AttributeValueMemberS); !ok || d.Value != "" {
		t.Errorf("empty description attribute: %#v", raw["description"])
	}
	for _, name := range []string{"id", "name", "createdAt", "updatedAt"} {
		if _, ok := raw[name].(*types.AttributeValueMemberS); !ok {
			t.Errorf("%s is not S: %#v", name, raw[name])
		}
	}
}

func TestCreateWithoutDescriptionLeavesTheAttributeOut(t *testing.T) {
	// Prepare
	s := newStore(t)

	// Act
	err := s.Create(context.Background(), item(id1, nil, 19.99))

	// Assess
	if err != nil {
		t.Fatal(err)
	}
	if d, has := rawItem(t, s, id1)["description"]; has {
		t.Fatalf("description stored as %#v", d)
	}
	got, err := s.Get(context.Background(), id1)
	if err != nil || got.Description != nil || got.Price != 19.99 || got != item(id1, nil, 19.99) {
		t.Fatalf("get: %+v %v", got, err)
	}
}

func TestCreateRefusesAnExistingID(t *testing.T) {
	// Prepare
	s := newStore(t)
	_ = s.Create(context.Background(), item(id1, nil, 1))

	// Act
	err := s.Create(context.Background(), item(id1, nil, 2))

	// Assess
	if err == nil || !isConditionFailed(err) {
		t.Fatalf("want a condition failure, got %v", err)
	}
}

func TestGetReadsWhatAnotherRuntimeWrote(t *testing.T) {
	// Prepare: attributes as any runtime writes them, plus one this runtime does not know.
	s := newStore(t)
	_, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: map[string]types.AttributeValue{
		"id":        &types.AttributeValueMemberS{Value: id1},
		"name":      &types.AttributeValueMemberS{Value: "\U0001F600 cup"},
		"price":     &types.AttributeValueMemberN{Value: "5"},
		"createdAt": &types.AttributeValueMemberS{Value: "2026-01-31T12:00:00.000Z"},
		"updatedAt": &types.AttributeValueMemberS{Value: "2026-02-01T08:30:00.000Z"},
		"future":    &types.AttributeValueMemberS{Value: "ignored"},
	}})
	if err != nil {
		t.Fatal(err)
	}

	// Act
	got, err := s.Get(context.Background(), id1)

	// Assess
	want := domain.Item{ID: id1, Name: "\U0001F600 cup", Price: 5, CreatedAt: "2026-01-31T12:00:00.000Z", UpdatedAt: "2026-02-01T08:30:00.000Z"}
	if err != nil || got != want {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
}

func TestGetMissingIsNotFound(t *testing.T) {
	// Act
	_, err := newStore(t).Get(context.Background(), id1)

	// Assess
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}

func TestReplaceSetsAndRemovesTheDescription(t *testing.T) {
	// Prepare
	s := newStore(t)
	ctx := context.Background()
	_ = s.Create(ctx, item(id1, nil, 1))

	// Act
	withEmpty, err1 := s.Replace(ctx, id1, domain.ItemInput{Name: "b", Description: ptr(""), Price: 19.99}, "2026-02-01T08:30:00.000Z")
	without, err2 := s.Replace(ctx, id1, domain.ItemInput{Name: "c", Price: 0.1}, "2026-02-02T08:30:00.000Z")

	// Assess
	if err1 != nil || withEmpty.Description == nil || *withEmpty.Description != "" || withEmpty.Price != 19.99 || withEmpty.CreatedAt != "2026-01-31T12:00:00.000Z" {
		t.Fatalf("replace with empty description: %+v %v", withEmpty, err1)
	}
	want := domain.Item{ID: id1, Name: "c", Price: 0.1, CreatedAt: "2026-01-31T12:00:00.000Z", UpdatedAt: "2026-02-02T08:30:00.000Z"}
	if err2 != nil || without != want {
		t.Fatalf("replace without description: %+v %v", without, err2)
	}
	if _, has := rawItem(t, s, id1)["description"]; has {
		t.Fatal("description attribute left behind")
	}
}

func TestReplaceMissingIsNotFoundAndCreatesNothing(t *testing.T) {
	// Prepare
	s := newStore(t)

	// Act
	_, err := s.Replace(context.Background(), id1, domain.ItemInput{Name: "a", Price: 1}, "2026-02-01T08:30:00.000Z")

	// Assess
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	if _, err := s.Get(context.Background(), id1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("replace created an item: %v", err)
	}
}

func TestDelete(t *testing.T) {
	// Prepare
	s := newStore(t)
	ctx := context.Background()
	_ = s.Create(ctx, item(id1, nil, 1))

	// Act
	first := s.Delete(ctx, id1)
	second := s.Delete(ctx, id1)

	// Assess
	if first != nil || !errors.Is(second, store.ErrNotFound) {
		t.Fatalf("deletes: %v, %v", first, second)
	}
}

func TestListPagesThroughEveryItemOnce(t *testing.T) {
	// Prepare
	s := newStore(t)
	ctx := context.Background()
	var want []string
	for i := 1; i <= 5; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		want = append(want, id)
		_ = s.Create(ctx, item(id, nil, float64(i)))
	}

	// Act: pages of 2 following the tokens, as a client would.
	var got []string
	pages := 0
	for start := ""; ; pages++ {
		page, err := s.List(ctx, 2, start)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			got = append(got, it.ID)
		}
		if page.LastID == "" {
			break
		}
		token, err := domain.EncodeNextToken(page.LastID)
		if err != nil {
			t.Fatal(err)
		}
		start, _ = domain.DecodeNextToken(token)
	}

	// Assess
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(want) || pages != 2 {
		t.Fatalf("got %v in %d pages, want %v", got, pages+1, want)
	}
}
