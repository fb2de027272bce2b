import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { transportContract } from './transportContract.js';

transportContract('fetchTransport', fetchTransport);
