package domain

import (
	"strconv"
	"time"

	"github.com/multi-runtime-api-benchmark/contract/contract"
)

// RuntimeName is this runtime's name and URL prefix; ContractVersion is the contract's info.version.
const (
	RuntimeName     = "go"
	ContractVersion = contract.Version
)

// ItemInput is a validated request body. Description is nil when the body has none,
// which differs from a present empty string.
type ItemInput struct {
	Name        string
	Description *string
	Price       float64
}

// Item is an item as stored.
type Item struct {
	ID          string
	Name        string
	Description *string
	Price       float64
	CreatedAt   string
	UpdatedAt   string
}

const timestampLayout = "2006-01-02T15:04:05.000Z"

// Timestamp formats an instant as the contract's UTC millisecond timestamp.
func Timestamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
}

// NewItem is a fresh item: both timestamps are now.
func NewItem(id string, input ItemInput, now time.Time) Item {
	at := Timestamp(now)
	return Item{ID: id, Name: input.Name, Description: input.Description, Price: input.Price, CreatedAt: at, UpdatedAt: at}
}

// FormatPrice is the shortest decimal text that parses back to the same binary64
// value (19.99, 5, 1234567.891): what the storage layout writes as the price's N.
func FormatPrice(price float64) string {
	return strconv.FormatFloat(price, 'f', -1, 64)
}
