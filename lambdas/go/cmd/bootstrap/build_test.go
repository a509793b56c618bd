package main

import (
	"archive/zip"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuildScriptMakesStaticBinariesForBothArchitectures runs build.sh as CI and the
// platform do, for each architecture Lambda offers, into a temporary folder.
func TestBuildScriptMakesStaticBinariesForBothArchitectures(t *testing.T) {
	for arch, machine := range map[string]elf.Machine{"arm64": elf.EM_AARCH64, "x86_64": elf.EM_X86_64} {
		t.Run(arch, func(t *testing.T) {
			// Prepare
			dist := t.TempDir()
			cmd := exec.Command("bash", "../../build.sh", arch)
			cmd.Env = append(os.Environ(), "DIST_DIR="+dist)

			// Act
			out, err := cmd.CombinedOutput()

			// Assess
			if err != nil {
				t.Fatalf("build.sh %s: %v\n%s", arch, err, out)
			}
			assertStaticELF(t, filepath.Join(dist, "lambda", "bootstrap"), machine)
			assertZipHoldsExecutableBootstrap(t, filepath.Join(dist, "go.zip"))
		})
	}
}

func assertStaticELF(t *testing.T, path string, machine elf.Machine) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("bootstrap is not ELF: %v", err)
	}
	defer f.Close()
	if f.Machine != machine {
		t.Errorf("machine %v, want %v", f.Machine, machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("bootstrap is dynamically linked (%v)", p.Type)
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("bootstrap is not stripped")
	}
}

func assertZipHoldsExecutableBootstrap(t *testing.T, path string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("opening zip: %v", err)
	}
	defer z.Close()
	if len(z.File) != 1 || z.File[0].Name != "bootstrap" {
		t.Fatalf("zip entries: %v", z.File)
	}
	if mode := z.File[0].Mode(); mode&0o111 == 0 {
		t.Fatalf("bootstrap in the zip is not executable: %v", mode)
	}
}
