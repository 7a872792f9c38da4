declare module 'picomatch' {
  function picomatch(glob: string | string[], options?: { dot?: boolean }): (path: string) => boolean;
  export = picomatch;
}
