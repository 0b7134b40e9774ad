// Each component test starts from an empty document: testing-library unmounts what the last test rendered.
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(cleanup);
