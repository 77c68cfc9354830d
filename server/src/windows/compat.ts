// The host-compatibility decision lives in shared/windows, where both halves import it.
export * from '../../../shared/windows/compat';
