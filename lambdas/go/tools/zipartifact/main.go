// Command zipartifact zips a folder into the deployable Lambda artifact: files at the
// zip's root, executables kept executable (Lambda runs ./bootstrap), and a fixed
// timestamp so that the same build gives the same zip (and the same CDK asset hash).
//
// Usage: go run ./tools/zipartifact <zip> <folder>
package main

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: zipartifact <zip> <folder>")
		os.Exit(2)
	}
	if err := zipFolder(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "zipartifact:", err)
		os.Exit(1)
	}
}

func zipFolder(zipPath, folder string) error {
	var files []string
	err := filepath.WalkDir(folder, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	out, err := os.Create(zipPath)
	if err != nil {
		return err
	}
	w := zip.NewWriter(out)
	for _, path := range files {
		if err := addFile(w, folder, path); err != nil {
			out.Close()
			return err
		}
	}
	if err := w.Close(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func addFile(w *zip.Writer, folder, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	name, err := filepath.Rel(folder, path)
	if err != nil {
		return err
	}
	header := &zip.FileHeader{Name: filepath.ToSlash(name), Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	header.SetMode(info.Mode().Perm())
	dst, err := w.CreateHeader(header)
	if err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.Copy(dst, src)
	return err
}
