// The release table lives in shared/windows so the client (Run's and the tasks' isolation choice,
// the engine status) reads the same data without reaching into the server's tree.
export * from '../../../shared/windows/releases';
