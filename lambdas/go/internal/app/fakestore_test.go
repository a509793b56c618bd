package app

import (
	"context"
	"sort"
	"sync"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/store"
)

// fakeStore is an in-memory store.Store that pages in id order, like a tiny table.
type fakeStore struct {
	failWith error // when set, Get fails with it (a store that is down)
	mu       sync.Mutex
	items    map[string]domain.Item
}

func newFakeStore() *fakeStore { return &fakeStore{items: map[string]domain.Item{}} }

func (f *fakeStore) Create(_ context.Context, item domain.Item) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[item.ID] = item
	return nil
}

func (f *fakeStore) Get(_ context.Context, id string) (domain.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failWith != nil {
		return domain.Item{}, f.failWith
	}
	item, ok := f.items[id]
	if !ok {
		return domain.Item{}, store.ErrNotFound
	}
	return item, nil
}

func (f *fakeStore) Replace(_ context.Context, id string, input domain.ItemInput, updatedAt string) (domain.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	item, ok := f.items[id]
	if !ok {
		return domain.Item{}, store.ErrNotFound
	}
	item.Name, item.Description, item.Price, item.UpdatedAt = input.Name, input.Description, input.Price, updatedAt
	f.items[id] = item
	return item, nil
}

func (f *fakeStore) Delete(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[id]; !ok {
		return store.ErrNotFound
	}
	delete(f.items, id)
	return nil
}

func (f *fakeStore) List(_ context.Context, limit int, startAfterID string) (store.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := make([]string, 0, len(f.items))
	for id := range f.items {
		if id > startAfterID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	page := store.Page{Items: []domain.Item{}}
	for _, id := range ids {
		if len(page.Items) == limit {
			break
		}
		page.Items = append(page.Items, f.items[id])
	}
	// Like Scan: a full page names its last key, even when nothing follows.
	if len(page.Items) == limit {
		page.LastID = page.Items[limit-1].ID
	}
	return page, nil
}
