// Package store is the port between the app and the items table: what the app needs,
// not how DynamoDB does it. dynamodbstore implements it; tests use a fake.
package store

import (
	"context"
	"errors"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
)

// ErrNotFound means no item has the id.
var ErrNotFound = errors.New("item not found")

// Page is one page of a scan; LastID is empty when the scan reached the end of the table.
type Page struct {
	Items  []domain.Item
	LastID string
}

// Store persists items.
type Store interface {
	// Create stores a new item; its id must not exist.
	Create(ctx context.Context, item domain.Item) error
	// Get returns the item or ErrNotFound.
	Get(ctx context.Context, id string) (domain.Item, error)
	// Replace overwrites name, price and description (removed when nil), sets
	// updatedAt, keeps createdAt, and returns the item as stored now; ErrNotFound when absent.
	Replace(ctx context.Context, id string, input domain.ItemInput, updatedAt string) (domain.Item, error)
	// Delete removes the item or returns ErrNotFound.
	Delete(ctx context.Context, id string) error
	// List returns up to limit items in storage order, starting after startAfterID when not empty.
	List(ctx context.Context, limit int, startAfterID string) (Page, error)
}
