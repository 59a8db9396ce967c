import { attackForms } from './form-attacks';

attackForms('office');
