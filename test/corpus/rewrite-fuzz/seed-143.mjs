"h"//js gmthpg c
//  r h yqgl

"AßQ"
/*　 ky a   h ii uug */for//hsil np  k /*h　xmr rv  */({} /*y
  *//*is e*/of ((async))) //	g dsnvul vl
do/*e　*///l    vfxp   n 
// fede if// v v  o	cg ﻿　hi u 
 (false) //afu hf sos   rgbivyfor/*siiy dd */ (var //bi   cgh async /*le 　do d */of/*q*//*m d  
gb 	  vk*/ class extends//﻿qrnd　h fq
 /*   
  hj*/2e308/*ghs gd　  yp 　erb*/ /*  txn*/{/*tx*/
/*  y gig v*/ //  uvahu fo  d dz  
 set// j mi	uhx  	 u 
 //nt 
// 　 vfqehu　t   [("")] //mt  k toms    s　(async)//　 hi 	  	 
// hc
 /*
t*/{}
  //
static //kl  pa gtmaogfs /*m e	 v	a  *//*imj*/get /*ng*/[2e308]()﻿
// q
{
 //　oxol﻿hrgd  so   yk
 /*nf ﻿b 
 *//*k*/  "use strict"
//  	 i  jhb hn 　 r  o

/*r  ryg*/ //jbe ig  
 }/*du  */
})//   o﻿ //b  bdm /**/var /**/async/*bue vmudjx rdgua f*/ = /*e le *//*k  okj uj*//* q v
﻿md p y */0x1EF5D158600000/**//*z*/ else /*qu　 p  odz c   t﻿
*/continue
//fdj kj	zb//  et
 while/*﻿	 b oz jh  bdte
*///﻿pe uxviv lg
 (kyygxacfd)
	{}
